"""the safe recipe, part 2: data only, in the next revision

Revision ID: a031d
Revises: a031s
"""
from alembic import op
import sqlalchemy as sa

revision = "a031d"
down_revision = "a031s"


def upgrade():
    with op.get_context().autocommit_block():
        op.execute("UPDATE users SET status = 'active' WHERE id BETWEEN 1 AND 10000 AND status IS NULL")


def downgrade():
    op.execute("UPDATE users SET status = NULL WHERE id BETWEEN 1 AND 10000")
