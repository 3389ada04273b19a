"""a new FK column with cascade

Revision ID: a037a
Revises:
"""
from alembic import op as o
import sqlalchemy as sa

revision = "a037a"
down_revision = None


def upgrade():
    o.add_column(  # HIT
        "comments",
        sa.Column("post_id", sa.Integer(), sa.ForeignKey("posts.id", ondelete="CASCADE"), nullable=True),
    )
    with o.batch_alter_table("likes") as b:
        b.add_column(sa.Column("post_id", sa.Integer(), sa.ForeignKey("posts.id", ondelete="CASCADE")))  # HIT


def downgrade():
    with o.batch_alter_table("likes") as b:
        b.drop_column("post_id")
    o.drop_column("comments", "post_id")
