"""cascade in SQL, through a bind and in a helper

Revision ID: a037e
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a037e"
down_revision = None


def _fk():
    op.execute(
        "ALTER TABLE invoices ADD CONSTRAINT fk_invoices_customer FOREIGN KEY (customer_id) "  # HIT
        "REFERENCES customers (id) ON DELETE CASCADE"
    )


def upgrade():
    if op.get_context().dialect.name == "postgresql":
        _fk()
    conn = op.get_bind()
    conn.execute(sa.text("ALTER TABLE notes ADD COLUMN invoice_id integer REFERENCES invoices (id) ON DELETE CASCADE"))  # HIT


def downgrade():
    op.execute("ALTER TABLE notes DROP COLUMN invoice_id")
    op.execute("ALTER TABLE invoices DROP CONSTRAINT fk_invoices_customer")
