"""fixture d707

Revision ID: d707
Revises: d706
"""
from alembic import op
import sqlalchemy as sa

revision = "d707"
down_revision = "d706"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("tags", sa.Column("id", sa.Integer, primary_key=True), sa.Column("label", sa.Text()))
    op.alter_column("tags", "label", existing_type=sa.Text(), type_=sa.String(40))
    op.add_column("users", sa.Column("motto", sa.Text()))
    op.alter_column("users", "motto", existing_type=sa.Text(), type_=sa.String(80))


def downgrade():
    op.drop_column("users", "motto")  # mrt: ignore[MRT010] mottos are new and optional
    op.drop_table("tags")  # mrt: ignore[MRT010] tags are rebuilt from posts
