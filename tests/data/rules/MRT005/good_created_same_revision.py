"""migration

Revision ID: d004
Revises: d003
"""
from alembic import op
import sqlalchemy as sa

revision = "d004"
down_revision = "d003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("tmp_copy", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("INSERT INTO tmp_copy SELECT id FROM users")
    op.drop_table("tmp_copy")
    op.execute("CREATE TABLE scratch (id integer)")
    op.execute("DROP TABLE scratch")


def downgrade():
    pass
