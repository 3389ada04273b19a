"""helper and conditional

Revision ID: s2705
Revises: s2704
"""
from alembic import op
import sqlalchemy as sa

revision = "s2705"
down_revision = "s2704"
branch_labels = None
depends_on = None


def _add_uuid(table):
    op.add_column(table, sa.Column("uid", sa.Uuid(), server_default=sa.text("gen_random_uuid()")))  # HIT 'accounts.uid' with the volatile default gen_random_uuid() (in helper _add_uuid()


def upgrade():
    _add_uuid("accounts")
    if op.get_context().dialect.name == "postgresql":
        op.add_column("accounts", sa.Column("rnd", sa.Float(), server_default=sa.text("random()")))  # HIT 'accounts.rnd' with the volatile default random() (conditional)


def downgrade():
    op.drop_column("accounts", "rnd")
    op.drop_column("accounts", "uid")
