"""uniqueness on tables created in this revision

Revision ID: u2003
Revises: u2002
"""
from alembic import op
import sqlalchemy as sa

revision = "u2003"
down_revision = "u2002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("tokens", sa.Column("id", sa.Integer), sa.Column("value", sa.String(64)))
    op.create_primary_key("pk_tokens", "tokens", ["id"])
    op.create_unique_constraint("uq_tokens_value", "tokens", ["value"])
    op.create_index("ux_tokens_value", "tokens", ["value"], unique=True)
    op.execute("CREATE TABLE audit (id INT, ref TEXT); CREATE UNIQUE INDEX ux_audit_ref ON audit (ref)")
    op.execute("ALTER TABLE audit ADD CONSTRAINT pk_audit PRIMARY KEY (id)")


def downgrade():
    op.drop_table("audit")
    op.drop_table("tokens")
    op.create_table("old_codes", sa.Column("code", sa.String(8)))
    op.create_unique_constraint("uq_old_codes", "old_codes", ["code"])
