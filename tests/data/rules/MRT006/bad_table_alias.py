"""fixture d604

Revision ID: d604
Revises: d603
"""
from alembic import op as o
import sqlalchemy as sa

revision = "d604"
down_revision = "d603"
branch_labels = None
depends_on = None


def upgrade():
    o.drop_table("customer")  # HIT
    o.create_table(
        "customers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade():
    o.create_table(
        "customer",
        sa.Column("id", sa.INTEGER(), autoincrement=True, nullable=False),
        sa.Column("name", sa.VARCHAR(length=80), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("id", name="customer_pkey"),
    )
    o.drop_table("customers")
