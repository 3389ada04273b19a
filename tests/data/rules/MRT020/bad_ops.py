"""uniqueness added to existing tables

Revision ID: u2001
Revises: u2000
"""
from alembic import op
import sqlalchemy as sa

revision = "u2001"
down_revision = "u2000"
branch_labels = None
depends_on = None


def upgrade():
    op.create_unique_constraint("uq_users_email", "users", ["email"])  # HIT
    op.create_index("ux_users_name", "users", ["name"], unique=True)  # HIT
    op.create_primary_key("pk_events", "events", ["id"])  # HIT
    op.create_index("ix_users_created", "users", ["created_at"])
    with op.batch_alter_table("orders") as batch_op:
        batch_op.create_unique_constraint("uq_orders_ref", ["ref"])  # HIT
        batch_op.create_primary_key("pk_orders", ["id"])  # HIT


def downgrade():
    # a downgrade re-adding uniqueness meets the rows written since the deploy
    op.drop_constraint("uq_users_email", "users", type_="unique")
    op.create_unique_constraint("uq_users_login", "users", ["login"])  # HIT
