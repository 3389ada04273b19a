"""drop users.phone

Revision ID: gs2
"""
from alembic import op
import sqlalchemy as sa

revision = "gs2"
down_revision = "gs1"


def upgrade():
    op.drop_column("users", "phone")


def downgrade():
    op.add_column("users", sa.Column("phone", sa.String(32)))
