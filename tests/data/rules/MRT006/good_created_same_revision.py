"""fixture d608

Revision ID: d608
Revises: d607
"""
from alembic import op
import sqlalchemy as sa

revision = "d608"
down_revision = "d607"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("drafts", sa.Column("id", sa.Integer, primary_key=True), sa.Column("body", sa.Text()))
    op.drop_column("drafts", "body")
    op.add_column("drafts", sa.Column("content", sa.Text()))


def downgrade():
    op.drop_table("drafts")  # mrt: ignore[MRT010] drafts are new in this release
