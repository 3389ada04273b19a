"""fixture d609

Revision ID: d609
Revises: d608
"""
from alembic import op
import sqlalchemy as sa

revision = "d609"
down_revision = "d608"
branch_labels = None
depends_on = None


def upgrade():
    """Not op.drop_column("users", "a") + op.add_column("users", sa.Column("b", sa.String(10)))."""
    # op.drop_column("users", "a")
    # op.add_column("users", sa.Column("b", sa.String(10)))
    op.add_column("users", sa.Column("b", sa.String(10)))


def downgrade():
    op.drop_column("users", "b")  # mrt: ignore[MRT010] column b was never filled
