"""new table, new column, text

Revision ID: s2309
Revises: s2308
"""
from alembic import op
import sqlalchemy as sa

revision = "s2309"
down_revision = "s2308"
branch_labels = None
depends_on = None


# op.alter_column("events", "id", type_=sa.BigInteger()) is planned for 0050
# ALTER TABLE events ALTER COLUMN id TYPE bigint


def upgrade():
    """Later: ALTER TABLE events ALTER COLUMN id TYPE bigint."""
    op.create_table("metrics", sa.Column("id", sa.Integer, primary_key=True), sa.Column("v", sa.Integer))
    op.alter_column("metrics", "v", existing_type=sa.Integer(), type_=sa.BigInteger())
    op.add_column("events", sa.Column("score", sa.Integer))
    op.alter_column("events", "score", existing_type=sa.Integer(), type_=sa.BigInteger())
    op.execute("ALTER TABLE metrics ALTER COLUMN id TYPE bigint")


def downgrade():
    op.drop_column("events", "score")
    op.drop_table("metrics")
