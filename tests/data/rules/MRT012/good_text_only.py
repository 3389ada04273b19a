"""fixture dc06

Revision ID: dc06
Revises: dc05
"""
from alembic import op
import sqlalchemy as sa

revision = "dc06"
down_revision = "dc05"
branch_labels = None
depends_on = None


def upgrade():
    """Would need sa.Enum("a", name="x") — not here."""
    # op.execute("CREATE TYPE color AS ENUM ('red')")
    op.create_index("ix_users_name", "users", ["name"])


def downgrade():
    op.drop_index("ix_users_name", table_name="users")
