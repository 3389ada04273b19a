"""safe recipe: plain column first

Revision ID: s2808
Revises: s2807
"""
from alembic import op
import sqlalchemy as sa

revision = "s2808"
down_revision = "s2807"
branch_labels = None
depends_on = None


def upgrade():
    # a plain nullable column; a batched job fills it, a later revision attaches the sequence
    op.add_column("events", sa.Column("seq", sa.BigInteger(), nullable=True))


def downgrade():
    op.drop_column("events", "seq")
