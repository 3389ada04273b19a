"""UPDATE users SET a = 1 and op.add_column(...) only in text

Revision ID: a031t
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a031t"
down_revision = None


def upgrade():
    # op.execute("UPDATE users SET status = 'x'")
    op.add_column("users", sa.Column("note", sa.Text()))
    op.execute("CREATE TEMPORARY TABLE tmp_ids (id integer)")


def downgrade():
    """UPDATE users SET note = NULL"""
    op.drop_column("users", "note")
