"""fixture: a downgrade restoring a uniqueness the upgrade dropped is MRT008's finding (downgrade-retightens), not
this rule's: one statement gets one code. Modelled on "remove the unique on tools.name/slug" revisions.

Revision ID: u2006
Revises: u2005
"""
from alembic import op
import sqlalchemy as sa

revision = "u2006"
down_revision = "u2005"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index("ix_gadgets_slug", table_name="gadgets")
    op.create_index("ix_gadgets_slug", "gadgets", ["slug"], unique=False)
    op.drop_constraint("uq_vendors_code", "vendors", type_="unique")
    op.execute("DROP INDEX catalog_name_normalized")


def downgrade():
    op.execute("CREATE UNIQUE INDEX catalog_name_normalized ON catalog (lower(name))")
    op.create_unique_constraint("uq_vendors_code", "vendors", ["code"])
    op.drop_index("ix_gadgets_slug", table_name="gadgets")
    op.create_index(op.f("ix_gadgets_slug"), "gadgets", ["slug"], unique=True)
