"""merge branches A and B

Revision ID: 0005_merge
Revises: 0003_a_drop_legacy, 0004_b_tags
Create Date: 2024-02-01 09:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0005_merge"
down_revision = ("0003_a_drop_legacy", "0004_b_tags")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
