"""migration

Revision ID: c004
Revises: c003
"""
from alembic import op
import sqlalchemy as sa

revision = "c004"
down_revision = "c003"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("ALTER TABLE users DROP COLUMN middle_name")  # HIT
    conn = op.get_bind()
    conn.execute(sa.text("ALTER TABLE orders DROP COLUMN note"))  # HIT


def downgrade():
    op.execute("ALTER TABLE users ADD COLUMN middle_name varchar(50)")
    op.execute("ALTER TABLE orders ADD COLUMN note text")
