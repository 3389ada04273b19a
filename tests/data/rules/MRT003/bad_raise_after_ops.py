"""fixture d302

Revision ID: d302
Revises: d301
"""
from alembic import op
import sqlalchemy as sa

revision = "d302"
down_revision = "d301"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("orders", sa.Column("note", sa.Text()))
    op.execute("UPDATE orders SET note = '' WHERE note IS NULL")


def downgrade():
    op.drop_column("orders", "note")
    raise RuntimeError("the backfill of orders.note cannot be undone")  # HIT
