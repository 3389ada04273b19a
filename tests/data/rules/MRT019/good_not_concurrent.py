"""no CONCURRENTLY at all

Revision ID: c1904
Revises: c1903
"""
from alembic import op
import sqlalchemy as sa

revision = "c1904"
down_revision = "c1903"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("tokens", sa.Column("id", sa.Integer, primary_key=True))
    op.create_index("ix_tokens_id", "tokens", ["id"])
    op.execute("CREATE INDEX ix_tokens_id2 ON tokens (id)")


def downgrade():
    op.drop_table("tokens")
