"""revision k4

Revision ID: k4
"""
from alembic import op
import sqlalchemy as sa

revision = "k4"
down_revision = 'k3'


def upgrade():
    op.add_column("notes", sa.Column("body", sa.Text()))


def downgrade():
    op.drop_column("notes", "body")
