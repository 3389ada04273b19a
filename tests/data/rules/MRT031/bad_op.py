"""add users.status and fill it

Revision ID: a031op
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a031op"
down_revision = None


def upgrade():
    op.add_column("users", sa.Column("status", sa.String(20)))
    op.execute("UPDATE users SET status = 'active' WHERE status IS NULL")  # HIT
    op.execute("UPDATE users SET status = 'new' WHERE id > 100")  # one finding per revision


def downgrade():
    op.drop_column("users", "status")
