"""revision h4

Revision ID: h4
"""
from alembic import op
import sqlalchemy as sa

revision = "h4"
down_revision = 'h3'


def upgrade():
    op.get_bind().execute(sa.text("ALTER TABLE accounts ADD COLUMN legacy_id integer"))  # HIT


def downgrade():
    pass
