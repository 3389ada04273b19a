"""sequences through SQLAlchemy

Revision ID: a038a
Revises:
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.schema import CreateSequence, DropSequence

revision = "a038a"
down_revision = None


def upgrade():
    op.execute(DropSequence(sa.Sequence("old_seq")))  # HIT
    sa.Sequence("new_seq").create(op.get_bind())  # HIT: never dropped


def downgrade():
    op.execute(CreateSequence(sa.Sequence("old_seq")))  # HIT
