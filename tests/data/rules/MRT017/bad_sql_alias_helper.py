"""SQL, alias, helper and condition

Revision ID: n1702
Revises: n1701
"""
from alembic import op as o
import sqlalchemy as sa

revision = "n1702"
down_revision = "n1701"
branch_labels = None
depends_on = None


def _add_required(table):
    o.add_column(table, sa.Column("created_by", sa.Integer, nullable=False))  # HIT


def upgrade():
    o.execute("ALTER TABLE invoices ADD COLUMN due_date date NOT NULL")  # HIT
    o.get_bind().execute(sa.text("ALTER TABLE invoices ADD paid boolean NOT NULL"))  # HIT
    _add_required("invoices")
    if o.get_context().dialect.name != "sqlite":
        o.add_column("invoices", sa.Column("region", sa.String(2), nullable=False))  # HIT


def downgrade():
    o.drop_column("invoices", "region")
    o.drop_column("invoices", "created_by")
    o.drop_column("invoices", "paid")
    o.drop_column("invoices", "due_date")
