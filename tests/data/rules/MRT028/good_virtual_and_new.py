"""virtual, new tables, text

Revision ID: s2806
Revises: s2805
"""
from alembic import op
import sqlalchemy as sa

revision = "s2806"
down_revision = "s2805"
branch_labels = None
depends_on = None


# op.add_column("events", sa.Column("seq", sa.BigInteger(), sa.Identity()))
# ALTER TABLE events ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY


def upgrade():
    """Not here: ALTER TABLE events ADD COLUMN total numeric GENERATED ALWAYS AS (qty * price) STORED."""
    op.add_column("events", sa.Column("v", sa.Integer(), sa.Computed("a + b", persisted=False)))
    op.add_column("events", sa.Column("plain", sa.Integer(), autoincrement=False))
    op.add_column("events", sa.Column("label", sa.String(20), server_default="GENERATED ALWAYS AS IDENTITY"))
    op.create_table("counters", sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True))
    op.add_column("counters", sa.Column("twice", sa.BigInteger(), sa.Computed("id * 2", persisted=True)))
    op.execute("ALTER TABLE counters ADD COLUMN n bigserial")
    op.execute("ALTER TABLE events ADD COLUMN note text DEFAULT 'STORED AS text'")


def downgrade():
    op.execute("ALTER TABLE events DROP COLUMN note")
    op.drop_table("counters")
    op.drop_column("events", "label")
    op.drop_column("events", "plain")
    op.drop_column("events", "v")
