"""fill a column added just before with one whole-table UPDATE (no WHERE): MRT014 stays silent (nothing old is
overwritten), MRT032 reports the single long statement

Revision ID: a032b
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a032b"
down_revision = None


def upgrade():
    op.add_column("accounts", sa.Column("is_active", sa.Boolean))
    op.execute("UPDATE accounts SET is_active = true")  # HIT
    op.execute("ALTER TABLE invoices ADD COLUMN currency varchar(3)")
    op.execute('UPDATE invoices SET "currency" = \'EUR\'')  # HIT


def downgrade():
    op.drop_column("invoices", "currency")
    op.drop_column("accounts", "is_active")
