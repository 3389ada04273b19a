"""NOT NULL columns without server default

Revision ID: n1701
Revises: n1700
"""
from alembic import op
import sqlalchemy as sa

revision = "n1701"
down_revision = "n1700"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("tenant_id", sa.Integer(), nullable=False))  # HIT
    op.add_column(  # HIT
        "users",
        sa.Column("plan", sa.String(20), nullable=False, default="free"),
    )
    op.add_column("users", sa.Column("ref", sa.Integer, primary_key=True))  # HIT
    op.add_column("users", sa.Column("flag", sa.Boolean, nullable=False, server_default=None))  # HIT
    with op.batch_alter_table("orders") as batch_op:
        batch_op.add_column(sa.Column("currency", sa.String(3), nullable=False))  # HIT


def downgrade():
    with op.batch_alter_table("orders") as batch_op:
        batch_op.drop_column("currency")
    op.drop_column("users", "flag")
    op.drop_column("users", "ref")
    op.drop_column("users", "plan")
    op.drop_column("users", "tenant_id")
