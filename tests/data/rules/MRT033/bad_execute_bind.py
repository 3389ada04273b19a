"""relax with SQL

Revision ID: a033e
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a033e"
down_revision = None


def upgrade():
    op.execute("ALTER TABLE users DROP CONSTRAINT ck_users_age")  # HIT
    conn = op.get_bind()
    conn.execute(sa.text("ALTER TABLE users ALTER COLUMN email DROP NOT NULL"))  # HIT
    conn.execute(sa.text("ALTER TABLE users ALTER COLUMN plan DROP DEFAULT"))  # HIT


def downgrade():
    op.execute("ALTER TABLE users ALTER COLUMN plan SET DEFAULT 'free'")
    op.execute("ALTER TABLE users ALTER COLUMN email SET NOT NULL")
    op.execute("ALTER TABLE users ADD CONSTRAINT ck_users_age CHECK (age >= 0)")
