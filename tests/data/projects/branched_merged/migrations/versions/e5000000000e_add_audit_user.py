"""add user_id to audit log

Revision ID: e5000000000e
Revises: d4000000000d
Create Date: 2024-03-01 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'e5000000000e'
down_revision: Union[str, Sequence[str], None] = 'd4000000000d'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("audit_log", sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id")))


def downgrade() -> None:
    op.drop_column("audit_log", "user_id")
