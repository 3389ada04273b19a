"""merge heads, upgrade only logs

Revision ID: b006
Revises: ('b004', 'b005')
"""
from alembic import op
import sqlalchemy as sa

revision = "b006"
down_revision = ("b004", "b005")
branch_labels = None
depends_on = None


def upgrade():
    print("merging two branches")


def downgrade():
    pass
