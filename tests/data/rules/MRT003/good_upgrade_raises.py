"""fixture d306

Revision ID: d306
Revises: d305
"""
from alembic import op
import sqlalchemy as sa

revision = "d306"
down_revision = "d305"
branch_labels = None
depends_on = None


def upgrade():
    raise NotImplementedError("this revision is a placeholder")


def downgrade():
    pass
