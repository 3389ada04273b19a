"""move customers.notes to customer_notes

Revision ID: 0002_move_notes
Revises: 0001_initial
Create Date: 2024-01-20 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0002_move_notes"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "customer_notes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.String(200), nullable=False),
    )
    op.execute(
        "INSERT INTO customer_notes (customer_id, body) SELECT id, notes FROM customers WHERE notes IS NOT NULL"
    )
    op.drop_column("customers", "notes")


def downgrade():
    op.add_column("customers", sa.Column("notes", sa.String(200), nullable=True))
    op.execute(
        "UPDATE customers SET notes = "
        "(SELECT body FROM customer_notes WHERE customer_notes.customer_id = customers.id)"
    )
    op.drop_table("customer_notes")
