# mrt-test: dialect=mysql
"""mysql: Computed() without persisted is VIRTUAL

Revision ID: s2807
Revises: s2806
"""
from alembic import op
import sqlalchemy as sa

revision = "s2807"
down_revision = "s2806"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("events", sa.Column("full_name", sa.String(200), sa.Computed("concat(first, ' ', last)")))


def downgrade():
    op.drop_column("events", "full_name")
