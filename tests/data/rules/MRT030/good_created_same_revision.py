"""a new table: nobody else holds or waits for its locks

Revision ID: a030c
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a030c"
down_revision = None


def upgrade():
    tags = op.create_table("tags", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("name", sa.String(50)))
    op.add_column("tags", sa.Column("slug", sa.String(50)))
    op.create_unique_constraint("uq_tags_slug", "tags", ["slug"])
    op.execute("ALTER TABLE tags ALTER COLUMN name SET NOT NULL")
    op.bulk_insert(tags, [{"id": 1, "name": "a", "slug": "a"}])


def downgrade():
    op.drop_table("tags")
