"""UPDATE without WHERE of a column that already existed (MRT014's error, not MRT032's: one statement, one finding),
and a backfill of a column of a table created in the same upgrade (empty table)

Revision ID: g032o
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "g032o"
down_revision = None


def upgrade():
    op.add_column("accounts", sa.Column("is_active", sa.Boolean))
    op.execute("UPDATE accounts SET is_active = true, plan = 'free'")
    op.execute("UPDATE accounts SET plan = 'free'")
    op.create_table("tags", sa.Column("id", sa.Integer, primary_key=True))
    op.add_column("tags", sa.Column("label", sa.String(20)))
    op.execute("UPDATE tags SET label = 'x'")


def downgrade():
    op.drop_table("tags")
    op.drop_column("accounts", "is_active")
