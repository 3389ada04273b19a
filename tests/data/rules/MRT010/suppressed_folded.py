"""fixture da06: one suppression comment on the first drop acknowledges the folded note for the whole revision

Revision ID: da06
Revises: da05
"""
from alembic import op
import sqlalchemy as sa

revision = "da06"
down_revision = "da05"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("wishlists", sa.Column("id", sa.Integer, primary_key=True))
    op.add_column("users", sa.Column("wishlist_id", sa.Integer))


def downgrade():
    op.drop_column("users", "wishlist_id")  # mrt: ignore[MRT010] wishlists are rebuilt from the event log
    op.drop_table("wishlists")
