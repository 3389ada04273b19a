"""branch c: cascade key to labels

Revision ID: g006c
Revises: g002
"""
from alembic import op
import sqlalchemy as sa

revision = "g006c"
down_revision = "g002"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE TABLE label_links (id INTEGER PRIMARY KEY, label_id INTEGER REFERENCES labels (id) ON DELETE CASCADE)")


def downgrade():
    op.drop_table("label_links")
