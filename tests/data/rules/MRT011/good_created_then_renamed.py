"""fixture db11

Revision ID: db11
Revises: db10
"""
from alembic import op
import sqlalchemy as sa

revision = "db11"
down_revision = "db10"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("tmp_import", sa.Column("id", sa.Integer, primary_key=True), sa.Column("nm", sa.String(50)))
    op.alter_column("tmp_import", "nm", new_column_name="name")
    op.drop_column("tmp_import", "name")
    op.rename_table("tmp_import", "imports")
    op.create_index("ix_imports_id", "imports", ["id"])
    op.add_column("users", sa.Column("nick", sa.String(50)))
    op.alter_column("users", "nick", new_column_name="nickname")
    op.execute("CREATE TABLE jobs (id INT); ALTER TABLE jobs ADD COLUMN state text NOT NULL")


def downgrade():
    op.drop_table("jobs")  # mrt: ignore[MRT010] jobs are re-queued
    op.drop_column("users", "nickname")  # mrt: ignore[MRT010] nicknames are optional
    op.drop_table("imports")  # mrt: ignore[MRT010] imports are re-run
