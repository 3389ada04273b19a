"""widen id

Revision ID: s2301
Revises: s2300
"""
from alembic import op
import sqlalchemy as sa

revision = "s2301"
down_revision = "s2300"
branch_labels = None
depends_on = None


def upgrade():
    op.alter_column("events", "id", existing_type=sa.Integer(), type_=sa.BigInteger())  # HIT 'events.id' from INTEGER to BIGINT
    op.alter_column("events", "amount", existing_type=sa.Numeric(10, 2), type_=sa.Numeric(12, 2))  # HIT 'events.amount' from NUMERIC(10,2) to NUMERIC(12,2)
    op.alter_column("events", "at", existing_type=sa.DateTime(), type_=sa.DateTime(timezone=True))  # HIT 'events.at' from TIMESTAMP to TIMESTAMP WITH TIME ZONE
    op.alter_column("events", "ratio", type_=sa.Float())  # HIT 'events.ratio' to FLOAT


def downgrade():
    op.alter_column("events", "ratio", type_=sa.Numeric(6, 3))
    op.alter_column("events", "at", existing_type=sa.DateTime(timezone=True), type_=sa.DateTime())
    op.alter_column("events", "amount", existing_type=sa.Numeric(12, 2), type_=sa.Numeric(10, 2))
    op.alter_column("events", "id", existing_type=sa.BigInteger(), type_=sa.Integer())
