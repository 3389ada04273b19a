"""create audit log

Revision ID: c3000000000c
Revises: a1000000000a
Create Date: 2024-03-01 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'c3000000000c'
down_revision: Union[str, Sequence[str], None] = 'a1000000000a'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table("audit_log", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("event", sa.Text()))


def downgrade() -> None:
    op.drop_table("audit_log")
