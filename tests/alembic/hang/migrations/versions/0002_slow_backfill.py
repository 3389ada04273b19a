"""a backfill that never ends

Revision ID: 0002_slow_backfill
Revises: 0001_initial
Create Date: 2024-01-20 09:00:00

"""
import os
import time

from alembic import op
import sqlalchemy as sa

revision = "0002_slow_backfill"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade():
    # stands for a backfill that takes far too long (a lock wait, a huge table...); the tests set a short timeout
    time.sleep(float(os.environ.get("MRT_TEST_HANG_SECONDS", "3600")))
    op.add_column("jobs", sa.Column("priority", sa.Integer(), nullable=True))


def downgrade():
    op.drop_column("jobs", "priority")
