"""add customers.nickname

Revision ID: 0006_add_nickname
Revises: 0005_index_amount
Create Date: 2024-03-10 12:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0006_add_nickname"
down_revision = "0005_index_amount"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("customers", sa.Column("nickname", sa.String(40), nullable=True))
    op.execute("UPDATE customers SET nickname = substr(name, 1, 40)")


def downgrade():
    # the column did not exist before this revision: dropping it loses nothing
    op.drop_column("customers", "nickname")
