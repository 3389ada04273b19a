"""add price

Revision ID: 1e1e1e1e1e02
Revises: 0f0f0f0f0f01
Create Date: 2024-03-01 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '1e1e1e1e1e02'
down_revision: Union[str, Sequence[str], None] = '0f0f0f0f0f01'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("products", sa.Column("price", sa.Numeric(12, 2)))


def downgrade() -> None:
    op.drop_column("products", "price")
