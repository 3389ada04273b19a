"""mentions def downgrade() in text only

Revision ID: a002
Revises: a001
"""
from alembic import op
import sqlalchemy as sa

revision = "a002"
down_revision = "a001"
branch_labels = None
depends_on = None


# def downgrade():
#     op.drop_column("users", "phone")


def upgrade():  # HIT
    """The downgrade() is documented here but never written."""
    op.add_column("users", sa.Column("phone", sa.String(32), nullable=True))


DOWNGRADE = "def downgrade(): pass"
