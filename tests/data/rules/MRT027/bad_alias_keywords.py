"""alias and keywords

Revision ID: s2702
Revises: s2701
"""
from alembic import op as o
import sqlalchemy as sa

revision = "s2702"
down_revision = "s2701"
branch_labels = None
depends_on = None


def upgrade():
    o.add_column(  # HIT 'orders.public_id' with the volatile default uuid_generate_v4()
        table_name="orders",
        column=sa.Column("public_id", sa.Uuid(), nullable=False, server_default=sa.text("uuid_generate_v4()")),
    )


def downgrade():
    o.drop_column("orders", "public_id")
