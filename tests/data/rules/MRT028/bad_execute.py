"""raw sql

Revision ID: s2804
Revises: s2803
"""
from alembic import op
import sqlalchemy as sa

revision = "s2804"
down_revision = "s2803"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("ALTER TABLE events ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY")  # HIT adds an identity column 'events.seq'
    op.get_bind().execute(sa.text("ALTER TABLE events ADD COLUMN total numeric GENERATED ALWAYS AS (qty * price) STORED"))  # HIT adds a stored generated column 'events.total'
    conn = op.get_bind()
    conn.execute(
        """
        ALTER TABLE events ADD COLUMN note text;
        ALTER TABLE events ADD COLUMN n bigserial;  -- HIT adds a serial column 'events.n'
        ALTER TABLE events ADD COLUMN k INT NOT NULL AUTO_INCREMENT UNIQUE;  -- HIT adds an autoincrement column 'events.k'
        """
    )


def downgrade():
    op.execute("ALTER TABLE events DROP COLUMN k, DROP COLUMN n, DROP COLUMN note, DROP COLUMN total, DROP COLUMN seq")
