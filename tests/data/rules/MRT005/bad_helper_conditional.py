"""migration

Revision ID: d003
Revises: d002
"""
from alembic import op
import sqlalchemy as sa

revision = "d003"
down_revision = "d002"
branch_labels = None
depends_on = None


def _cleanup():
    for name in ("x",):
        op.drop_table("sessions")  # HIT


def upgrade():
    _cleanup()
    try:
        op.drop_table(table_name="tokens")  # HIT
    except Exception:
        pass


def downgrade():
    op.create_table("tokens", sa.Column("id", sa.Integer))
    op.create_table("sessions", sa.Column("id", sa.Integer))
