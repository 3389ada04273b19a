"""drop tags: labels live in the search index now

Revision ID: 0006_drop_tags
Revises: 0005_merge
Create Date: 2024-02-15 09:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0006_drop_tags"
down_revision = "0005_merge"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_table("tags")


def downgrade():
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("label", sa.String(40), nullable=False),
    )
