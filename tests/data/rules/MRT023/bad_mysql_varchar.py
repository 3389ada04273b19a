# mrt-test: dialect=mysql
"""mysql widening

Revision ID: s2306
Revises: s2305
"""
from alembic import op
import sqlalchemy as sa

revision = "s2306"
down_revision = "s2305"
branch_labels = None
depends_on = None


def upgrade():
    op.alter_column("users", "name", existing_type=sa.String(50), type_=sa.String(100))  # HIT from VARCHAR(50) to VARCHAR(100): MySQL rebuilds
    op.execute("ALTER TABLE users MODIFY COLUMN bio TEXT NOT NULL")  # HIT MODIFY COLUMN changes the type of column 'users.bio' to TEXT: MySQL


def downgrade():
    op.execute("ALTER TABLE users MODIFY COLUMN bio VARCHAR(255) NOT NULL")
    op.alter_column("users", "name", existing_type=sa.String(100), type_=sa.String(50))
