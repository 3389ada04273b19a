"""fixture d1406: UPDATE without WHERE that only fills columns the same function added (a backfill): no old value
is overwritten, so nothing is lost. Modelled on "add a flag, then set it for every row" revisions.

Revision ID: d1406
Revises: d1405
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.exc import ProgrammingError

revision = "d1406"
down_revision = "d1405"
branch_labels = None
depends_on = None


def upgrade():
    try:
        op.add_column("articles", sa.Column("is_draft", sa.Boolean, default=True, index=True))
        op.add_column("boards", sa.Column("is_draft", sa.Boolean, default=True, index=True))
        op.execute("UPDATE articles SET is_draft = (title = 'Untitled')")
        op.execute("UPDATE boards SET is_draft = false")
    except ProgrammingError:
        pass
    op.add_column("invoices", sa.Column("currency", sa.String(3)))
    op.add_column("invoices", sa.Column("rounded", sa.Boolean))
    op.execute('UPDATE invoices SET "currency" = \'EUR\', rounded = (total = round(total, 0))')
    op.execute("ALTER TABLE payments ADD COLUMN settled boolean")
    op.execute("UPDATE payments SET settled = true")


def downgrade():
    op.drop_column("payments", "settled")
    op.add_column("invoices", sa.Column("legacy", sa.Boolean))
    op.execute("UPDATE invoices SET legacy = true")
    op.drop_column("invoices", "rounded")
    op.drop_column("invoices", "currency")
    op.drop_column("boards", "is_draft")
    op.drop_column("articles", "is_draft")
