"""fixture d702

Revision ID: d702
Revises: d701
"""
from alembic import op
from sqlalchemy.dialects import postgresql
import sqlalchemy as sa

revision = "d702"
down_revision = "d701"
branch_labels = None
depends_on = None


def upgrade():
    op.alter_column("posts", "body", existing_type=sa.Text(), type_=sa.String(200))  # HIT
    op.alter_column("events", "id", existing_type=sa.BigInteger(), type_=sa.Integer())  # HIT
    op.alter_column("prices", "amount", existing_type=sa.Numeric(12, 4), type_=sa.Numeric(precision=12, scale=2))  # HIT
    op.alter_column("readings", "value", existing_type=sa.Float(), type_=sa.Integer())  # HIT
    op.alter_column("logins", "at", existing_type=sa.DateTime(timezone=True), type_=sa.DateTime())  # HIT
    with op.batch_alter_table("visits") as batch_op:
        batch_op.alter_column(  # HIT
            "seen_at",
            existing_type=postgresql.TIMESTAMP(timezone=True),
            type_=sa.Date(),
        )


def downgrade():
    with op.batch_alter_table("visits") as batch_op:
        batch_op.alter_column("seen_at", existing_type=sa.Date(), type_=postgresql.TIMESTAMP(timezone=True))
    op.alter_column("logins", "at", existing_type=sa.DateTime(), type_=sa.DateTime(timezone=True))
    op.alter_column("readings", "value", existing_type=sa.Integer(), type_=sa.Float())
    op.alter_column("prices", "amount", existing_type=sa.Numeric(12, 2), type_=sa.Numeric(12, 4))
    op.alter_column("events", "id", existing_type=sa.Integer(), type_=sa.BigInteger())
    op.alter_column("posts", "body", existing_type=sa.String(200), type_=sa.Text())
