"""add owner

Revision ID: cccc00000003
Revises: deadbeef0000
Create Date: 2024-03-01 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'cccc00000003'
down_revision: Union[str, Sequence[str], None] = 'deadbeef0000'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("accounts", sa.Column("owner", sa.String(100)))


def downgrade() -> None:
    op.drop_column("accounts", "owner")
