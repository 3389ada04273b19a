"""op.execute(f"DROP TABLE {t}") only in text

Revision ID: a034t
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a034t"
down_revision = None


def upgrade():
    # op.execute(f"UPDATE {t} SET x = 1")
    msg = f"migrating {revision}"
    print(msg)


def downgrade():
    """op.execute("DELETE FROM " + t)"""
