"""a scratch table created and filled by the same execute()

Revision ID: a031e
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a031e"
down_revision = None


def upgrade():
    op.add_column("users", sa.Column("note", sa.Text()))
    op.execute("CREATE TABLE scratch_ids (id int); INSERT INTO scratch_ids VALUES (1); UPDATE scratch_ids SET id = 2")


def downgrade():
    op.execute("DROP TABLE scratch_ids")
    op.drop_column("users", "note")
