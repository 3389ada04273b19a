"""branch B: tags

Revision ID: 0004_b_tags
Revises: 0001_base
Create Date: 2024-01-16 09:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0004_b_tags"
down_revision = "0001_base"
branch_labels = ("tags",)
depends_on = None


def upgrade():
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("label", sa.String(40), nullable=False),
    )


def downgrade():
    op.drop_table("tags")
