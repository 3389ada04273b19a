"""fixture dc02

Revision ID: dc02
Revises: dc01
"""
from alembic import op
from sqlalchemy.dialects import postgresql
import sqlalchemy as sa

revision = "dc02"
down_revision = "dc01"
branch_labels = None
depends_on = None


def upgrade():
    postgresql.ENUM("happy", "sad", name="mood").create(op.get_bind())  # HIT
    mood_enum = postgresql.ENUM("low", "high", name="priority")
    mood_enum.create(op.get_bind(), checkfirst=True)  # HIT
    op.execute("CREATE TYPE color AS ENUM ('red', 'green')")  # HIT
    conn = op.get_bind()
    conn.execute(sa.text("CREATE TYPE shade AS ENUM ('light', 'dark')"))  # HIT
    op.add_column("users", sa.Column("mood", postgresql.ENUM(name="mood", create_type=False)))


def downgrade():
    op.drop_column("users", "mood")  # mrt: ignore[MRT010] moods are new
    op.execute("DROP TYPE IF EXISTS unrelated_type")
