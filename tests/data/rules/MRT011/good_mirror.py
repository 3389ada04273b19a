"""fixture db07

Revision ID: db07
Revises: db06
"""
from alembic import op
import sqlalchemy as sa

revision = "db07"
down_revision = "db06"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("authors", sa.Column("id", sa.Integer, primary_key=True))
    op.create_table(
        "books",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("author_id", sa.Integer, sa.ForeignKey("authors.id"), nullable=False),
    )
    op.create_index(op.f("ix_books_author_id"), "books", ["author_id"])
    op.add_column("users", sa.Column("phone", sa.String(32)))
    op.create_index("ix_users_phone", "users", ["phone"])
    with op.batch_alter_table("orders") as batch_op:
        batch_op.create_unique_constraint("uq_orders_ref", ["ref"])
    op.execute("CREATE INDEX ix_orders_at ON orders (created_at)")
    op.rename_table("customer", "customers")


def downgrade():
    op.rename_table("customers", "customer")
    op.execute("DROP INDEX ix_orders_at")
    with op.batch_alter_table("orders") as batch_op:
        batch_op.drop_constraint("uq_orders_ref", type_="unique")
    op.drop_index("ix_users_phone", table_name="users")
    op.drop_column("users", "phone")  # mrt: ignore[MRT010] phone numbers are collected again
    op.drop_index(op.f("ix_books_author_id"), table_name="books")
    op.drop_table("books")  # mrt: ignore[MRT010] books are imported again from the catalogue
    op.drop_table("authors")  # mrt: ignore[MRT010] authors are imported again from the catalogue
