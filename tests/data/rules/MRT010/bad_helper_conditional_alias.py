"""fixture da04

Revision ID: da04
Revises: da03
"""
from alembic import op as o
import sqlalchemy as sa

revision = "da04"
down_revision = "da03"
branch_labels = None
depends_on = None


def _drop_new(table):
    o.drop_column(table, "score")  # NOTE


def upgrade():
    o.add_column("players", sa.Column("score", sa.Integer()))


def downgrade():
    if o.get_context().dialect.name == "postgresql":
        _drop_new("players")
