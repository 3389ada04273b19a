"""safe recipe: add, then set default

Revision ID: s2707
Revises: s2706
"""
from alembic import op
import sqlalchemy as sa

revision = "s2707"
down_revision = "s2706"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("token", sa.Uuid(), nullable=True))
    op.alter_column("users", "token", server_default=sa.text("gen_random_uuid()"))
    op.execute("ALTER TABLE orders ALTER COLUMN ref SET DEFAULT gen_random_uuid()")


def downgrade():
    op.execute("ALTER TABLE orders ALTER COLUMN ref DROP DEFAULT")
    op.drop_column("users", "token")
