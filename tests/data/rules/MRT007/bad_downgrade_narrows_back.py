"""fixture d703

Revision ID: d703
Revises: d702
"""
from alembic import op
import sqlalchemy as sa

revision = "d703"
down_revision = "d702"
branch_labels = None
depends_on = None


def upgrade():
    op.alter_column("users", "email", existing_type=sa.String(100), type_=sa.String(320))
    op.execute("ALTER TABLE orders ALTER COLUMN code TYPE varchar(64)")


def downgrade():
    op.alter_column("users", "email", type_=sa.String(100))  # HIT
    conn = op.get_bind()
    conn.execute(sa.text("ALTER TABLE orders ALTER COLUMN code TYPE character varying(16)"))  # HIT
