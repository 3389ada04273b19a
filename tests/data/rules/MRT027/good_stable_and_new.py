"""stable defaults and new tables

Revision ID: s2706
Revises: s2705
"""
from alembic import op
import sqlalchemy as sa

revision = "s2706"
down_revision = "s2705"
branch_labels = None
depends_on = None


# op.add_column("users", sa.Column("t", sa.Uuid(), server_default=sa.text("gen_random_uuid()")))
# ALTER TABLE users ADD COLUMN t uuid DEFAULT gen_random_uuid()


def upgrade():
    """Not here: ALTER TABLE users ADD COLUMN t uuid DEFAULT gen_random_uuid()."""
    op.add_column("users", sa.Column("created_at", sa.DateTime(), server_default=sa.func.now()))
    op.add_column("users", sa.Column("updated_at", sa.DateTime(), server_default=sa.text("CURRENT_TIMESTAMP")))
    op.add_column("users", sa.Column("flag", sa.Boolean(), server_default=sa.false()))
    op.add_column("users", sa.Column("label", sa.String(20), server_default="random() is not called here"))
    op.add_column("users", sa.Column("kind", sa.String(20), server_default=sa.text("'nextval(x)'")))
    op.execute("ALTER TABLE users ADD COLUMN stamp timestamptz DEFAULT now()")
    op.create_table("tokens", sa.Column("id", sa.Uuid(), primary_key=True, server_default=sa.text("gen_random_uuid()")))
    op.add_column("tokens", sa.Column("salt", sa.Float(), server_default=sa.text("random()")))


def downgrade():
    op.drop_table("tokens")
    op.execute("ALTER TABLE users DROP COLUMN stamp")
    op.drop_column("users", "kind")
    op.drop_column("users", "label")
    op.drop_column("users", "flag")
    op.drop_column("users", "updated_at")
    op.drop_column("users", "created_at")
