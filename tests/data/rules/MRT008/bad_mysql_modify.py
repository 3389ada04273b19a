"""fixture d810

Revision ID: d810
Revises: d809
"""
from alembic import op
import sqlalchemy as sa

revision = "d810"
down_revision = "d809"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("ALTER TABLE users MODIFY name VARCHAR(100) NULL")


def downgrade():
    op.execute("ALTER TABLE users MODIFY name VARCHAR(100) NOT NULL")  # HIT
