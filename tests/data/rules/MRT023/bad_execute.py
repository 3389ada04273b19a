"""raw sql

Revision ID: s2304
Revises: s2303
"""
from alembic import op
import sqlalchemy as sa

revision = "s2304"
down_revision = "s2303"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("ALTER TABLE events ALTER COLUMN id TYPE bigint")  # HIT 'events.id' to BIGINT: PostgreSQL
    op.get_bind().execute(sa.text("ALTER TABLE events ALTER COLUMN at TYPE timestamptz"))  # HIT 'events.at' to TIMESTAMP WITH TIME ZONE
    conn = op.get_bind()
    conn.execute(
        """
        ALTER TABLE users ALTER COLUMN name TYPE varchar(200);
        ALTER TABLE users ALTER COLUMN code TYPE text USING trim(code);  -- HIT 'users.code' to TEXT with USING
        """
    )


def downgrade():
    op.execute("ALTER TABLE users ALTER COLUMN code TYPE varchar(20)")
    op.execute("ALTER TABLE events ALTER COLUMN at TYPE timestamp")
    op.execute("ALTER TABLE events ALTER COLUMN id TYPE integer")
