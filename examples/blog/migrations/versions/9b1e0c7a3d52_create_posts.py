"""create posts

Revision ID: 9b1e0c7a3d52
Revises: 4f2c9a1d8e7b
Create Date: 2024-01-09 14:03:10.502214

"""
from alembic import op
import sqlalchemy as sa

revision = "9b1e0c7a3d52"
down_revision = "4f2c9a1d8e7b"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("published", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name="fk_posts_author_id_users"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_posts_author_id", "posts", ["author_id"])


def downgrade():
    op.drop_index("ix_posts_author_id", table_name="posts")
    op.drop_table("posts")
