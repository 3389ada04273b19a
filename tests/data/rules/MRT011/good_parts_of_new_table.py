"""fixture db09

Revision ID: db09
Revises: db08
"""
from alembic import op
import sqlalchemy as sa

revision = "db09"
down_revision = "db08"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("tmp_import", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("INSERT INTO tmp_import (id) SELECT id FROM users")
    op.drop_table("tmp_import")
    op.create_table("labels", sa.Column("id", sa.Integer, primary_key=True), sa.Column("name", sa.String(20)))
    op.add_column("labels", sa.Column("color", sa.String(7)))
    op.create_index("ix_labels_name", "labels", ["name"])


def downgrade():
    op.drop_table("labels")  # mrt: ignore[MRT010] labels are new in this release
