"""the safe recipes

Revision ID: n1703
Revises: n1702
"""
from alembic import op
import sqlalchemy as sa

revision = "n1703"
down_revision = "n1702"
branch_labels = None
depends_on = None


# op.add_column("users", sa.Column("tenant_id", sa.Integer(), nullable=False)) fails on existing rows


def upgrade():
    """ALTER TABLE users ADD COLUMN x int NOT NULL would fail."""
    # 1. a server default fills existing rows
    op.add_column("users", sa.Column("plan", sa.String(20), nullable=False, server_default="free"))
    op.add_column("users", sa.Column("score", sa.Integer, nullable=False, server_default=sa.text("0")))
    op.execute("ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT true")
    # 2. nullable first, backfill, then NOT NULL
    op.add_column("users", sa.Column("tenant_id", sa.Integer(), nullable=True))
    op.execute("UPDATE users SET tenant_id = 1 WHERE tenant_id IS NULL")
    op.alter_column(
        "users", "tenant_id", existing_type=sa.Integer(), nullable=False, existing_server_default=None
    )
    # 3. columns the database fills itself
    op.add_column("users", sa.Column("seq", sa.BigInteger, sa.Identity(), nullable=False))
    op.add_column("users", sa.Column("full", sa.Text, sa.Computed("first || last"), nullable=False))
    op.add_column("users", sa.Column("rowid2", sa.Integer, primary_key=True, autoincrement=True))
    # 4. plain nullable columns
    op.add_column("users", sa.Column("nick", sa.String(20)))


def downgrade():
    op.drop_column("users", "nick")
    op.drop_column("users", "rowid2")
    op.drop_column("users", "full")
    op.drop_column("users", "seq")
    op.drop_column("users", "tenant_id")
    op.drop_column("users", "active")
    op.drop_column("users", "score")
    op.drop_column("users", "plan")
