"""safe recipe: new column

Revision ID: s2310
Revises: s2309
"""
from alembic import op
import sqlalchemy as sa

revision = "s2310"
down_revision = "s2309"
branch_labels = None
depends_on = None


def upgrade():
    # a new bigint column next to the old one; backfilled in batches by a job, swapped in a later revision
    op.add_column("events", sa.Column("id_new", sa.BigInteger(), nullable=True))


def downgrade():
    op.drop_column("events", "id_new")
