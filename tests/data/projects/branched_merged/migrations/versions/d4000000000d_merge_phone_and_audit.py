"""merge phone and audit branches

Revision ID: d4000000000d
Revises: b2000000000b, c3000000000c
Create Date: 2024-03-01 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'd4000000000d'
down_revision: Union[str, Sequence[str], None] = ('b2000000000b', 'c3000000000c')
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
