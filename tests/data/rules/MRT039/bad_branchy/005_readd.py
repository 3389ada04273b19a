"""revision r5

Revision ID: r5
"""
from alembic import op
import sqlalchemy as sa

revision = "r5"
down_revision = 'r4'


def upgrade():
    op.execute("ALTER TABLE public.users ADD COLUMN fax varchar(32)")  # HIT


def downgrade():
    pass
