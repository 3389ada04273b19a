"""fixture dc05

Revision ID: dc05
Revises: dc04
"""
from alembic import op
from sqlalchemy.dialects import postgresql
import sqlalchemy as sa

revision = "dc05"
down_revision = "dc04"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("mood", postgresql.ENUM("happy", "sad", name="mood", create_type=False)))
    op.add_column("users", sa.Column("kind", sa.Enum("a", "b", name="user_kind", native_enum=False)))


def downgrade():
    op.drop_column("users", "kind")  # mrt: ignore[MRT010] kinds are new
    op.drop_column("users", "mood")  # mrt: ignore[MRT010] moods are new
