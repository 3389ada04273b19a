"""fixture d909

Revision ID: d909
Revises: d908
"""
from alembic import op
import sqlalchemy as sa

revision = "d909"
down_revision = "d908"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("DELETE FROM audit_log WHERE created_at < now() - interval '5 years'")


def downgrade():
    raise NotImplementedError("purged audit rows cannot be restored")  # mrt: ignore[MRT003] purge policy, ADR-7
