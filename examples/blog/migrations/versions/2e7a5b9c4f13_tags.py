"""tags and post_tags

Revision ID: 2e7a5b9c4f13
Revises: c3d8f2a61e09
Create Date: 2024-02-02 16:20:05.004417

"""
from alembic import op
import sqlalchemy as sa

revision = "2e7a5b9c4f13"
down_revision = "c3d8f2a61e09"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name", name="uq_tags_name"),
    )
    op.create_table(
        "post_tags",
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], name="fk_post_tags_post_id_posts"),
        sa.ForeignKeyConstraint(["tag_id"], ["tags.id"], name="fk_post_tags_tag_id_tags"),
        sa.PrimaryKeyConstraint("post_id", "tag_id"),
    )


def downgrade():
    op.drop_table("post_tags")
    op.drop_table("tags")
