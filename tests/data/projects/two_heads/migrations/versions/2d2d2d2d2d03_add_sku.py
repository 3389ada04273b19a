"""add sku

Revision ID: 2d2d2d2d2d03
Revises: 0f0f0f0f0f01
Create Date: 2024-03-01 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '2d2d2d2d2d03'
down_revision: Union[str, Sequence[str], None] = '0f0f0f0f0f01'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("products", sa.Column("sku", sa.String(64)))


def downgrade() -> None:
    op.drop_column("products", "sku")
