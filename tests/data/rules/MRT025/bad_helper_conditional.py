"""helper and conditional

Revision ID: s2505
Revises: s2504
"""
from alembic import op
import sqlalchemy as sa

revision = "s2505"
down_revision = "s2504"
branch_labels = None
depends_on = None


def _link(table, parent):
    op.create_foreign_key(None, table, parent, [parent[:-1] + "_id"], ["id"])  # HIT existing table 'comments' without NOT VALID (in helper _link()


def upgrade():
    _link("comments", "posts")
    if op.get_context().dialect.name == "postgresql":
        op.create_foreign_key("fk_likes_post", "likes", "posts", ["post_id"], ["id"])  # HIT 'fk_likes_post' to existing table 'likes' without NOT VALID (conditional)


def downgrade():
    op.drop_constraint("fk_likes_post", "likes", type_="foreignkey")
