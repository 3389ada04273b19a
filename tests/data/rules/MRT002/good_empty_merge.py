"""merge heads

Revision ID: b005
Revises: ('b003', 'b004')
"""
from alembic import op
import sqlalchemy as sa

revision = "b005"
down_revision = ("b003", "b004")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
