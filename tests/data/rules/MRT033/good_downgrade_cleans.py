"""the safe recipe (MRT008's): relax in upgrade, clean up in downgrade before restoring the rule

Revision ID: a033d
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a033d"
down_revision = None


def upgrade():
    op.alter_column("users", "phone", existing_type=sa.String(32), nullable=True)


def downgrade():
    op.execute("UPDATE users SET phone = '' WHERE phone IS NULL AND id < 1000")
    op.alter_column("users", "phone", existing_type=sa.String(32), nullable=False)
