"""workers

Revision ID: 0003_workers
Revises: 0002_slow_backfill
Create Date: 2024-02-01 09:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0003_workers"
down_revision = "0002_slow_backfill"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "workers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("host", sa.String(100), nullable=False),
    )


def downgrade():
    op.drop_table("workers")
