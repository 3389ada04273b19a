# mrt-test: dialect=postgresql
"""cheap on postgresql

Revision ID: s2307
Revises: s2306
"""
from alembic import op
import sqlalchemy as sa

revision = "s2307"
down_revision = "s2306"
branch_labels = None
depends_on = None


def upgrade():
    # varchar widening, varchar -> text and text -> varchar are catalog-only on PostgreSQL
    op.alter_column("users", "name", existing_type=sa.String(50), type_=sa.String(100))
    op.alter_column("users", "bio", existing_type=sa.String(255), type_=sa.Text())
    op.alter_column("users", "note", existing_type=sa.Text(), type_=sa.String())
    op.alter_column("users", "title", type_=sa.String(80))
    op.alter_column("users", "same", existing_type=sa.Integer(), type_=sa.INTEGER())
    op.execute("ALTER TABLE users ALTER COLUMN nick TYPE varchar(120)")


def downgrade():
    op.execute("ALTER TABLE users ALTER COLUMN nick TYPE varchar(100)")
    op.alter_column("users", "title", type_=sa.String(60))
    op.alter_column("users", "note", existing_type=sa.String(), type_=sa.Text())
    op.alter_column("users", "bio", existing_type=sa.Text(), type_=sa.String(255))
    op.alter_column("users", "name", existing_type=sa.String(100), type_=sa.String(50))
