"""tables created earlier in the same function

Revision ID: d1405
Revises: d1404
"""
from alembic import op
import sqlalchemy as sa

revision = "d1405"
down_revision = "d1404"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("staging_users", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("INSERT INTO staging_users (id) SELECT id FROM users WHERE active")
    op.execute("DELETE FROM staging_users")
    op.execute("CREATE TABLE tmp_ids (id int); UPDATE tmp_ids SET id = id + 1; TRUNCATE tmp_ids")
    op.execute("DROP TABLE tmp_ids CASCADE")


def downgrade():
    op.create_table("old_flags", sa.Column("id", sa.Integer))
    op.execute("UPDATE old_flags SET id = 0")
    op.drop_table("staging_users")
