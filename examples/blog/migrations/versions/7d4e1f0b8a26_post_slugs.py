"""posts get a slug, backfilled from the title

Revision ID: 7d4e1f0b8a26
Revises: 2e7a5b9c4f13
Create Date: 2024-02-19 11:05:52.330178

"""
from alembic import op
import sqlalchemy as sa

revision = "7d4e1f0b8a26"
down_revision = "2e7a5b9c4f13"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("posts") as batch_op:
        batch_op.add_column(sa.Column("slug", sa.String(length=220), nullable=True))
    op.execute("UPDATE posts SET slug = lower(replace(title, ' ', '-')) || '-' || id")
    op.create_index("ix_posts_slug", "posts", ["slug"], unique=True)


def downgrade():
    # slug did not exist before: nothing is lost by dropping it
    op.drop_index("ix_posts_slug", table_name="posts")
    with op.batch_alter_table("posts") as batch_op:
        batch_op.drop_column("slug")
