"""fixture d806: the upgrade drops a constraint and puts an equivalent or stricter one in its place (a foreign key
given ON DELETE CASCADE, a unique index turned into a unique constraint, a check re-created unchanged); the downgrade
restoring the old form cannot meet rows that violate it.

Revision ID: d806
Revises: d805
"""
from alembic import op
import sqlalchemy as sa

revision = "d806"
down_revision = "d805"
branch_labels = None
depends_on = None


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name == "mysql":
        op.drop_constraint("invoices_ibfk_1", "invoices", type_="foreignkey")
        op.create_foreign_key(
            "invoices_ibfk_1", "invoices", "customers", ["customer_id"], ["id"], ondelete="CASCADE"
        )
    op.drop_constraint("fk_lines_invoice", "invoice_lines", type_="foreignkey")
    op.create_foreign_key(
        "fk_lines_invoice_cascade",
        "invoice_lines",
        "invoices",
        ["invoice_id"],
        ["id"],
        onupdate="CASCADE",
        ondelete="CASCADE",
    )
    op.drop_index("ix_accounts_handle", table_name="accounts")
    op.create_unique_constraint("uq_accounts_handle", "accounts", ["handle"])
    op.drop_constraint("ck_prices_positive", "prices", type_="check")
    op.create_check_constraint("ck_prices_positive", "prices", "amount > 0")
    # a unique constraint re-created over a renamed column
    op.drop_constraint("uq_repos_name_owner", "repos", type_="unique")
    op.alter_column("repos", "owner", new_column_name="repository_owner")
    op.create_unique_constraint("uq_repos_name_owner", "repos", ["name", "repository_owner"])
    # a foreign key renamed in SQL (drop + add with the same definition)
    op.execute("""
        ALTER TABLE shop.reviews DROP CONSTRAINT fk_reviews_product_id_products_truncated_nam;
        ALTER TABLE shop.reviews ADD CONSTRAINT fk_reviews_product_id_products_5e1f
        FOREIGN KEY (product_id) REFERENCES shop.products(id);
    """)


def downgrade():
    op.drop_constraint("uq_repos_name_owner", "repos", type_="unique")
    op.alter_column("repos", "repository_owner", new_column_name="owner")
    op.create_unique_constraint("uq_repos_name_owner", "repos", ["name", "owner"])
    op.execute("""
        ALTER TABLE shop.reviews DROP CONSTRAINT fk_reviews_product_id_products_5e1f;
        ALTER TABLE shop.reviews ADD CONSTRAINT fk_reviews_product_id_products_truncated_nam
        FOREIGN KEY (product_id)  REFERENCES shop.products(id);
    """)
    op.drop_constraint("ck_prices_positive", "prices", type_="check")
    op.create_check_constraint("ck_prices_positive", "prices", "amount > 0")
    op.drop_constraint("uq_accounts_handle", "accounts", type_="unique")
    op.create_index("ix_accounts_handle", "accounts", ["handle"], unique=True)
    op.drop_constraint("fk_lines_invoice_cascade", "invoice_lines", type_="foreignkey")
    op.create_foreign_key("fk_lines_invoice", "invoice_lines", "invoices", ["invoice_id"], ["id"])
    bind = op.get_bind()
    if bind.dialect.name == "mysql":
        op.drop_constraint("invoices_ibfk_1", "invoices", type_="foreignkey")
        op.create_foreign_key("invoices_ibfk_1", "invoices", "customers", ["customer_id"], ["id"])
