"""migration that only fixes rows; its empty downgrade keeps the changed rows (reported, with a message that says
data, not schema)

Revision ID: b011
Revises: b010
"""
from alembic import op
import sqlalchemy as sa

revision = "b011"
down_revision = "b010"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("UPDATE alerts SET options = jsonb_set(options, '{selector}', '\\"first\\"') WHERE options->>'selector' IS NULL")


def downgrade():  # HIT
    pass
