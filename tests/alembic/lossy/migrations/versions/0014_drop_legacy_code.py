"""drop users.legacy_code (the old system is gone)

Revision ID: 0014_drop_legacy_code
Revises: 0013_orders_note_index
Create Date: 2024-06-03 09:00:00

"""
# mrt: expect-data-loss users.legacy_code
from alembic import op
import sqlalchemy as sa

revision = "0014_drop_legacy_code"
down_revision = "0013_orders_note_index"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_column("users", "legacy_code")


def downgrade():
    op.add_column("users", sa.Column("legacy_code", sa.String(20), nullable=True))
