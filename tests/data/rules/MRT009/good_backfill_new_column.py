"""fixture d906

Revision ID: d906
Revises: d905
"""
from alembic import op
import sqlalchemy as sa

revision = "d906"
down_revision = "d905"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("display_name", sa.String(100)))
    op.execute("UPDATE users SET display_name = first_name || ' ' || last_name WHERE display_name IS NULL")


def downgrade():
    op.drop_column("users", "display_name")  # mrt: ignore[MRT010] derived from first/last name
