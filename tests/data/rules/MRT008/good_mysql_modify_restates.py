"""fixture d809

Revision ID: d809
Revises: d808
"""
from alembic import op
import sqlalchemy as sa

revision = "d809"
down_revision = "d808"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("ALTER TABLE users MODIFY name VARCHAR(100) NOT NULL")


def downgrade():
    op.execute("ALTER TABLE users MODIFY name VARCHAR(100) NOT NULL DEFAULT ''")
