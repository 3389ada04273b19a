"""the safe recipe: a new sequence, created and initialised by upgrade, dropped by downgrade

Revision ID: a038g
Revises:
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.schema import CreateSequence, DropSequence

revision = "a038g"
down_revision = None


def upgrade():
    op.execute("CREATE SEQUENCE ticket_seq")
    op.execute("SELECT setval('ticket_seq', 100)")
    op.execute(CreateSequence(sa.Sequence("badge_seq")))
    sa.Sequence("label_seq").create(op.get_bind())


def downgrade():
    sa.Sequence("label_seq").drop(op.get_bind())
    op.execute(DropSequence(sa.Sequence("badge_seq")))
    op.execute("DROP SEQUENCE IF EXISTS ticket_seq")
