"""identity and stored generated

Revision ID: s2801
Revises: s2800
"""
from alembic import op
import sqlalchemy as sa

revision = "s2801"
down_revision = "s2800"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("events", sa.Column("seq", sa.BigInteger(), sa.Identity(always=True)))  # HIT adds an identity column 'events.seq'
    op.add_column("events", sa.Column("total", sa.Numeric(12, 2), sa.Computed("qty * price", persisted=True)))  # HIT adds a stored generated column 'events.total'
    op.add_column("events", sa.Column("slug", sa.Text(), sa.Computed("lower(title)")))  # HIT adds a stored generated column 'events.slug'
    op.add_column("events", sa.Column("num", sa.Integer(), autoincrement=True, primary_key=True))  # HIT adds an autoincrement column 'events.num'


def downgrade():
    op.drop_column("events", "num")
    op.drop_column("events", "slug")
    op.drop_column("events", "total")
    op.drop_column("events", "seq")
