"""helpers called from upgrade and downgrade"""
from alembic import op
import sqlalchemy as sa

revision = "cafe0001"
down_revision = "beef0001"

TABLE = "audit_log"


def _drop_legacy(table_name):
    op.drop_column(table_name, "legacy")
    _cleanup_index()


def _cleanup_index():
    op.drop_index("ix_legacy", table_name="users")


def _recurse(n):
    if n > 0:
        _recurse(n - 1)
    op.execute("DELETE FROM sessions")


def _create_audit():
    op.create_table(TABLE, sa.Column("id", sa.Integer(), primary_key=True))


def upgrade():
    _create_audit()
    _drop_legacy("users")
    if op.get_context().dialect.name == "postgresql":
        _recurse(3)
    op.add_column("users", sa.Column("flag", sa.Boolean()))


def downgrade():
    op.drop_column("users", "flag")
    op.drop_table(TABLE)
