"""a new table filled from an old one

Revision ID: a032c
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a032c"
down_revision = None


def upgrade():
    op.create_table("user_stats", sa.Column("user_id", sa.Integer(), primary_key=True), sa.Column("n", sa.Integer()))
    op.execute("INSERT INTO user_stats (user_id, n) SELECT id, 0 FROM users")
    op.execute("UPDATE user_stats SET n = 1 WHERE n IS NULL")


def downgrade():
    op.drop_table("user_stats")
