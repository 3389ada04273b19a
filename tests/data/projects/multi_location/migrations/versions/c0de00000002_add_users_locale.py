"""add users.locale

Revision ID: c0de00000002
Revises: c0de00000001
Create Date: 2024-03-01 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'c0de00000002'
down_revision: Union[str, Sequence[str], None] = 'c0de00000001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("users", sa.Column("locale", sa.String(10), server_default="en"))


def downgrade() -> None:
    op.drop_column("users", "locale")
