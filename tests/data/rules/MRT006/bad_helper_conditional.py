"""fixture d605

Revision ID: d605
Revises: d604
"""
from alembic import op
import sqlalchemy as sa

revision = "d605"
down_revision = "d604"
branch_labels = None
depends_on = None


def _swap(table):
    op.drop_column(table, "nick")  # HIT
    op.add_column(table, sa.Column("nickname", sa.String(30)))


def upgrade():
    if op.get_context().dialect.name == "postgresql":
        _swap("members")


def downgrade():
    op.add_column("members", sa.Column("nick", sa.String(30)))
    op.drop_column("members", "nickname")
