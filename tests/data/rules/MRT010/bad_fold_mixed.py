"""fixture da05: the drops of what the upgrade created fold into one note at the first drop (the index is not data
and is not listed); a DELETE ... WHERE stays its own warning; a drop of a table the upgrade did not create is not
this rule's (MRT005/MRT011)

Revision ID: da05
Revises: da04
"""
from alembic import op
import sqlalchemy as sa

revision = "da05"
down_revision = "da04"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("coupons", sa.Column("id", sa.Integer, primary_key=True), sa.Column("code", sa.String(20)))
    op.create_index("ix_coupons_code", "coupons", ["code"])
    op.add_column("orders", sa.Column("coupon_id", sa.Integer))


def downgrade():
    op.execute("DELETE FROM orders WHERE coupon_id IS NOT NULL")  # HIT
    op.drop_column("orders", "coupon_id")  # NOTE
    op.drop_index("ix_coupons_code", table_name="coupons")
    op.drop_table("coupons")
    op.drop_table("legacy_coupons")
