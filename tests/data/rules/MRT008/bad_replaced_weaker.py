"""fixture d807: the upgrade replaces constraints by weaker ones (a unique over more columns, a foreign key to
another parent, a check with another condition): the downgrade restoring the old ones meets rows they reject.

Revision ID: d807
Revises: d806
"""
from alembic import op
import sqlalchemy as sa

revision = "d807"
down_revision = "d806"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_constraint("uq_publishers_repo", "publishers", type_="unique")
    op.create_unique_constraint("uq_publishers_repo", "publishers", ["repository", "owner", "workflow"])
    op.drop_constraint("fk_orders_account", "orders", type_="foreignkey")
    op.create_foreign_key("fk_orders_account", "orders", "archived_accounts", ["account_id"], ["id"])
    op.drop_constraint("ck_stock_positive", "stock", type_="check")
    op.create_check_constraint("ck_stock_positive", "stock", "quantity >= -10")
    op.execute("""
        ALTER TABLE "media"."files" DROP CONSTRAINT "ck_files_valid_kind";
        ALTER TABLE "media"."files" ADD CONSTRAINT "ck_files_valid_kind" CHECK ((kind = ANY (ARRAY[1, 2, 3])));
    """)


def downgrade():
    op.execute("""
        ALTER TABLE "media"."files" DROP CONSTRAINT "ck_files_valid_kind";
        ALTER TABLE "media"."files" ADD CONSTRAINT "ck_files_valid_kind" CHECK ((kind = ANY (ARRAY[1, 2])));  -- # HIT
    """)
    op.drop_constraint("ck_stock_positive", "stock", type_="check")
    op.create_check_constraint("ck_stock_positive", "stock", "quantity >= 0")  # HIT
    op.drop_constraint("fk_orders_account", "orders", type_="foreignkey")
    op.create_foreign_key("fk_orders_account", "orders", "accounts", ["account_id"], ["id"])  # HIT
    op.drop_constraint("uq_publishers_repo", "publishers", type_="unique")
    op.create_unique_constraint("uq_publishers_repo", "publishers", ["repository", "owner"])  # HIT
