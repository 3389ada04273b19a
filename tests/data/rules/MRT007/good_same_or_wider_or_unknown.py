"""fixture d706

Revision ID: d706
Revises: d705
"""
from alembic import op
import sqlalchemy as sa

revision = "d706"
down_revision = "d705"
branch_labels = None
depends_on = None


def upgrade():
    op.alter_column("users", "code", existing_type=sa.String(length=50), type_=sa.VARCHAR(50))
    op.alter_column("prices", "amount", existing_type=sa.Numeric(10, 2), type_=sa.Numeric(12, 2))
    op.alter_column("events", "id", existing_type=sa.Integer(), type_=sa.BigInteger())
    op.alter_column("posts", "title", existing_type=sa.String(200), type_=sa.Text())
    op.alter_column("users", "note", type_=sa.String(20))
    op.execute("ALTER TABLE users ALTER COLUMN bio TYPE varchar(10)")


def downgrade():
    op.alter_column("users", "bio", type_=sa.Text())
    op.alter_column("users", "note", type_=sa.Text())
    op.alter_column("posts", "title", existing_type=sa.Text(), type_=sa.Text())
    op.alter_column("events", "id", existing_type=sa.BigInteger(), type_=sa.BigInteger())
