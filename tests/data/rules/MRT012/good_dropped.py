"""fixture dc04

Revision ID: dc04
Revises: dc03
"""
from alembic import op
from sqlalchemy.dialects import postgresql
import sqlalchemy as sa

revision = "dc04"
down_revision = "dc03"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "orders",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("status", sa.Enum("new", "paid", name="order_status"), nullable=False),
    )
    postgresql.ENUM("happy", "sad", name="mood").create(op.get_bind())
    mood_enum = postgresql.ENUM("low", "high", name="priority")
    mood_enum.create(op.get_bind(), checkfirst=True)
    op.execute("CREATE TYPE color AS ENUM ('red', 'green')")
    op.execute("CREATE TYPE size AS ENUM ('s', 'm')")


def downgrade():
    op.execute("DROP TYPE size, color")
    mood_enum = postgresql.ENUM("low", "high", name="priority")
    mood_enum.drop(op.get_bind(), checkfirst=True)
    postgresql.ENUM(name="mood").drop(op.get_bind())
    op.drop_table("orders")  # mrt: ignore[MRT010] orders table is new in this release
    sa.Enum(name="order_status").drop(op.get_bind(), checkfirst=True)
