"""fixture d804

Revision ID: d804
Revises: d803
"""
from alembic import op as o
import sqlalchemy as sa

revision = "d804"
down_revision = "d803"
branch_labels = None
depends_on = None


def _restore(table):
    with o.batch_alter_table(table) as batch_op:
        batch_op.alter_column("status", existing_type=sa.String(20), nullable=False)  # HIT


def upgrade():
    with o.batch_alter_table("tickets") as batch_op:
        batch_op.alter_column("status", existing_type=sa.String(20), nullable=True)
        batch_op.alter_column("code", existing_type=sa.String(8), nullable=True)


def downgrade():
    _restore("tickets")
    if o.get_context().dialect.name != "sqlite":
        with o.batch_alter_table("tickets") as batch_op:
            batch_op.create_unique_constraint("uq_tickets_code", ["code"])  # HIT
