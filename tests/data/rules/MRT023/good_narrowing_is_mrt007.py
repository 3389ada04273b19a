"""narrowing is MRT007

Revision ID: s2308
Revises: s2307
"""
from alembic import op
import sqlalchemy as sa

revision = "s2308"
down_revision = "s2307"
branch_labels = None
depends_on = None


def upgrade():
    op.alter_column("users", "name", existing_type=sa.String(100), type_=sa.String(50))
    op.alter_column("users", "id", existing_type=sa.BigInteger(), type_=sa.Integer(), postgresql_using="id::int")
    op.alter_column("users", "at", existing_type=sa.DateTime(timezone=True), type_=sa.DateTime())


def downgrade():
    op.alter_column("users", "at", existing_type=sa.DateTime(), type_=sa.DateTime(timezone=True))
    op.alter_column("users", "id", existing_type=sa.Integer(), type_=sa.BigInteger())
    op.alter_column("users", "name", existing_type=sa.String(50), type_=sa.String(100))
