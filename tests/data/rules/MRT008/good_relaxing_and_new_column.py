"""fixture d807

Revision ID: d807
Revises: d806
"""
from alembic import op
import sqlalchemy as sa

revision = "d807"
down_revision = "d806"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("nickname", sa.String(40), nullable=True))
    op.alter_column("users", "bio", existing_type=sa.Text(), nullable=False, server_default="")


def downgrade():
    op.alter_column("users", "bio", existing_type=sa.Text(), nullable=True, server_default=None)
    op.alter_column("users", "nickname", existing_type=sa.String(40), nullable=False)
    op.drop_column("users", "nickname")  # mrt: ignore[MRT010] nicknames are optional
