"""add phone to users

Revision ID: b2000000000b
Revises: a1000000000a
Create Date: 2024-03-01 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'b2000000000b'
down_revision: Union[str, Sequence[str], None] = 'a1000000000a'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("users", sa.Column("phone", sa.String(32)))


def downgrade() -> None:
    op.drop_column("users", "phone")
