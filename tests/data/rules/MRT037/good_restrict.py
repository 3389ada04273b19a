"""the safe recipe: RESTRICT (or no action) and explicit child deletes

Revision ID: a037g
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a037g"
down_revision = None


def upgrade():
    op.create_foreign_key("fk_orders_user", "orders", "users", ["user_id"], ["id"], ondelete="RESTRICT")
    op.add_column("comments", sa.Column("post_id", sa.Integer(), sa.ForeignKey("posts.id")))
    op.execute("ALTER TABLE notes ADD CONSTRAINT fk_notes_user FOREIGN KEY (user_id) REFERENCES users (id) ON UPDATE CASCADE")


def downgrade():
    op.drop_constraint("fk_notes_user", "notes", type_="foreignkey")
    op.drop_column("comments", "post_id")
    op.drop_constraint("fk_orders_user", "orders", type_="foreignkey")
