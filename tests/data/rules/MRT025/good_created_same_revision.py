"""new tables and text

Revision ID: s2506
Revises: s2505
"""
from alembic import op
import sqlalchemy as sa

revision = "s2506"
down_revision = "s2505"
branch_labels = None
depends_on = None


# op.create_foreign_key("fk_x", "orders", "users", ["user_id"], ["id"]) -- later, with NOT VALID
# ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id)


def upgrade():
    """Not here: ALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users (id)."""
    op.create_table(
        "invoices",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("order_id", sa.Integer, sa.ForeignKey("orders.id")),
    )
    op.create_foreign_key("fk_invoices_user", "invoices", "users", ["user_id"], ["id"])
    op.add_column("invoices", sa.Column("shop_id", sa.Integer, sa.ForeignKey("shops.id")))
    op.execute("CREATE TABLE audit (id serial PRIMARY KEY, user_id int REFERENCES users (id))")
    op.execute("ALTER TABLE audit ADD CONSTRAINT fk_audit_order FOREIGN KEY (order_id) REFERENCES orders (id)")
    op.add_column("orders", sa.Column("note", sa.Text(), nullable=True))


def downgrade():
    op.drop_column("orders", "note")
    op.execute("DROP TABLE audit")
    op.drop_table("invoices")
