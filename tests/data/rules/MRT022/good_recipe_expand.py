"""safe recipe: expand

Revision ID: s2208
Revises: s2207
"""
from alembic import op
import sqlalchemy as sa

revision = "s2208"
down_revision = "s2207"
branch_labels = None
depends_on = None


def upgrade():
    # expand: the new name next to the old one; the application writes both and backfills in batches
    op.add_column("users", sa.Column("email", sa.String(255), nullable=True))


def downgrade():
    op.drop_column("users", "email")
