"""drop users.nickname on purpose

Revision ID: 6f000006
Revises: 5e000005
"""
from alembic import op
import sqlalchemy as sa

revision = "6f000006"
down_revision = "5e000005"
branch_labels = None
depends_on = None


def upgrade():
    # mrt: ignore[MRT004] nickname was never filled in production (OPS-42)
    op.drop_column("users", "nickname")


def downgrade():
    op.add_column("users", sa.Column("nickname", sa.String(50), nullable=True))
