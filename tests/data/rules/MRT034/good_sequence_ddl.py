"""execute(CreateSequence(...)) is MRT038's, not opaque

Revision ID: a034s
Revises:
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.schema import CreateSequence, DropSequence

revision = "a034s"
down_revision = None


def upgrade():
    op.execute(CreateSequence(sa.Sequence("invoice_no_seq")))


def downgrade():
    op.execute(DropSequence(sa.Sequence("invoice_no_seq")))
