"""raw sql

Revision ID: s2704
Revises: s2703
"""
from alembic import op
import sqlalchemy as sa

revision = "s2704"
down_revision = "s2703"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("ALTER TABLE users ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid()")  # HIT ADD COLUMN adds column 'users.token' with the volatile default gen_random_uuid()
    op.get_bind().execute(sa.text("ALTER TABLE users ADD COLUMN r float8 DEFAULT random()"))  # HIT 'users.r' with the volatile default random()
    conn = op.get_bind()
    conn.execute(
        """
        ALTER TABLE users ADD COLUMN created timestamptz NOT NULL DEFAULT now();
        ALTER TABLE users ADD COLUMN touched timestamptz DEFAULT clock_timestamp();  -- HIT 'users.touched' with the volatile default clock_timestamp()
        """
    )


def downgrade():
    op.execute("ALTER TABLE users DROP COLUMN touched, DROP COLUMN created, DROP COLUMN r, DROP COLUMN token")
