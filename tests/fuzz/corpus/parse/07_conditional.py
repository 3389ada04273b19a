from alembic import op
import sqlalchemy as sa
from alembic import context

revision = "7a"
down_revision = "6f"


def _has_column(table, column):
    insp = sa.inspect(op.get_bind())
    return column in [c["name"] for c in insp.get_columns(table)]


def upgrade():
    if not _has_column("users", "flag"):
        op.add_column("users", sa.Column("flag", sa.Boolean(), server_default=sa.false(), nullable=False))
    try:
        op.create_index("ix_flag", "users", ["flag"])
    except Exception:
        pass
    if context.get_context().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    elif True:
        x = 0x_ff + 0o17 + 0b1010 + 1_000.5e-3 + 2j


def downgrade():
    op.drop_index("ix_flag", table_name="users")
    op.drop_column("users", "flag")
