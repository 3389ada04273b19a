"""fixture db06

Revision ID: db06
Revises: db05
"""
from alembic import op as o
import sqlalchemy as sa

revision = "db06"
down_revision = "db05"
branch_labels = None
depends_on = None


def _indexes():
    with o.batch_alter_table("events") as batch_op:
        batch_op.create_index("ix_events_kind", ["kind"])  # HIT
        batch_op.create_unique_constraint("uq_events_ref", ["ref"])


def upgrade():
    _indexes()
    if o.get_context().dialect.name == "postgresql":
        o.execute("CREATE INDEX ix_events_at ON events (at)")  # HIT


def downgrade():
    with o.batch_alter_table("events") as batch_op:
        batch_op.drop_constraint("uq_events_ref", type_="unique")
