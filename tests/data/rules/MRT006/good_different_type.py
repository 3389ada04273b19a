"""fixture d607

Revision ID: d607
Revises: d606
"""
from alembic import op
import sqlalchemy as sa

revision = "d607"
down_revision = "d606"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_column("users", "age")  # mrt: ignore[MRT004] age is derived from birth_date now
    op.add_column("users", sa.Column("birth_date", sa.Date()))


def downgrade():
    op.add_column("users", sa.Column("age", sa.Integer()))
    op.drop_column("users", "birth_date")  # mrt: ignore[MRT010] birth dates are re-entered
