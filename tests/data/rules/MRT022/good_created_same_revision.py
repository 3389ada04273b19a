"""new table, new column

Revision ID: s2206
Revises: s2205
"""
from alembic import op
import sqlalchemy as sa

revision = "s2206"
down_revision = "s2205"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("tmp_import", sa.Column("id", sa.Integer, primary_key=True), sa.Column("nm", sa.String(50)))
    op.alter_column("tmp_import", "nm", new_column_name="name")
    op.rename_table("tmp_import", "imports")
    op.add_column("users", sa.Column("nick", sa.String(50)))
    op.alter_column("users", "nick", new_column_name="nickname")
    op.execute("ALTER INDEX ix_a RENAME TO ix_b")
    op.execute("ALTER TABLE users RENAME CONSTRAINT fk_a TO fk_b")
    op.alter_column("users", "email", new_column_name=None, nullable=True)


def downgrade():
    op.drop_column("users", "nickname")
    op.drop_table("imports")
