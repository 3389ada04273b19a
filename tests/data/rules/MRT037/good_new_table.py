"""cascade on tables created in this revision

Revision ID: a037c
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a037c"
down_revision = None


def upgrade():
    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("post_id", sa.Integer(), sa.ForeignKey("posts.id", ondelete="CASCADE")),
    )
    op.add_column("attachments", sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE")))
    op.create_foreign_key("fk_att_owner", "attachments", "users", ["owner_id"], ["id"], ondelete="CASCADE")
    op.execute("CREATE TABLE tags (id int PRIMARY KEY, post_id int REFERENCES posts (id) ON DELETE CASCADE)")


def downgrade():
    op.drop_table("tags")
    op.drop_table("attachments")
