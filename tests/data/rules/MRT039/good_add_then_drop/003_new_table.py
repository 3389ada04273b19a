"""revision k3

Revision ID: k3
"""
from alembic import op
import sqlalchemy as sa

revision = "k3"
down_revision = 'k2'


def upgrade():
    op.create_table("notes", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("body", sa.Text()))
    op.drop_column("notes", "body")


def downgrade():
    op.drop_table("notes")
