"""track users.last_login

Revision ID: 0018_last_login
Revises: 0017_sessions
Create Date: 2024-07-09 14:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0018_last_login"
down_revision = "0017_sessions"
branch_labels = None
depends_on = None


def upgrade():
    columns = [c["name"] for c in sa.inspect(op.get_bind()).get_columns("users")]
    if "last_login" not in columns:
        op.add_column("users", sa.Column("last_login", sa.DateTime(), nullable=True))


def downgrade():
    # a nullable column does no harm: keep it
    pass
