"""unique email

Revision ID: a029e
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a029e"
down_revision = None


def upgrade():
    conn = op.get_bind()
    conn.execute(sa.text("UPDATE users SET email = lower(email) WHERE id < 100"))
    conn.execute(
        sa.text(
            "ALTER TABLE users ADD CONSTRAINT uq_users_email UNIQUE (email)"  # HIT
        )
    )
    op.execute("SET lock_timeout = '5s'")  # too late


def downgrade():
    op.execute("SET lock_timeout = '5s'; ALTER TABLE users DROP CONSTRAINT uq_users_email")
