"""SQL, alias, helper and condition

Revision ID: u2002
Revises: u2001
"""
from alembic import op as o
import sqlalchemy as sa

revision = "u2002"
down_revision = "u2001"
branch_labels = None
depends_on = None


def _unique(table, column):
    o.create_unique_constraint(f"uq_{table}_{column}", table, [column])  # HIT


def upgrade():
    o.execute("CREATE UNIQUE INDEX ux_accounts_slug ON accounts (slug)")  # HIT
    o.get_bind().execute(sa.text("ALTER TABLE accounts ADD CONSTRAINT uq_accounts_vat UNIQUE (vat)"))  # HIT
    o.execute("ALTER TABLE ledger ADD PRIMARY KEY (id)")  # HIT
    o.execute("ALTER TABLE ledger ADD CONSTRAINT pk_ledger2 PRIMARY KEY (id, line)")  # HIT
    _unique("accounts", "email")
    if o.get_context().dialect.name == "postgresql":
        o.create_unique_constraint("uq_accounts_code", "accounts", ["code"])  # HIT


def downgrade():
    pass
