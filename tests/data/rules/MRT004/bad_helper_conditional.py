"""migration

Revision ID: c005
Revises: c004
"""
from alembic import op
import sqlalchemy as sa

revision = "c005"
down_revision = "c004"
branch_labels = None
depends_on = None


def _drop_legacy(table):
    op.drop_column(table, "legacy_id")  # HIT


def upgrade():
    _drop_legacy("accounts")
    if op.get_context().dialect.name == "postgresql":
        op.drop_column("accounts", "pg_only")  # HIT


def downgrade():
    op.add_column("accounts", sa.Column("pg_only", sa.Integer))
    op.add_column("accounts", sa.Column("legacy_id", sa.Integer))
