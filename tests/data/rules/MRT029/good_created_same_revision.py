"""new table with its index and key

Revision ID: a029c
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a029c"
down_revision = None


def upgrade():
    op.create_table("tags", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("name", sa.String(50)))
    op.create_index("ix_tags_name", "tags", ["name"])
    op.add_column("tags", sa.Column("slug", sa.String(50), nullable=False, server_default=""))
    op.execute("ALTER TABLE tags ADD CONSTRAINT uq_tags_slug UNIQUE (slug)")


def downgrade():
    op.execute("SET lock_timeout = '5s'")
    op.drop_table("tags")
