"""helper and conditional

Revision ID: s2105
Revises: s2104
"""
from alembic import op
import sqlalchemy as sa

revision = "s2105"
down_revision = "s2104"
branch_labels = None
depends_on = None


def _require(table, column):
    op.alter_column(table, column, nullable=False)  # HIT 'accounts.<dynamic>' NOT NULL (in helper _require()


def upgrade():
    _require("accounts", "owner_id")
    if op.get_context().dialect.name == "postgresql":
        op.alter_column("accounts", "region", nullable=False)  # HIT 'accounts.region' NOT NULL (conditional)


def downgrade():
    op.alter_column("accounts", "region", nullable=True)
    op.alter_column("accounts", "owner_id", nullable=True)
