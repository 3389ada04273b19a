"""a new table reshaped in its own revision

Revision ID: a033c
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a033c"
down_revision = None


def upgrade():
    op.create_table(
        "coupons",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(20), nullable=False),
        sa.UniqueConstraint("code", name="uq_coupons_code"),
    )
    op.drop_constraint("uq_coupons_code", "coupons", type_="unique")
    op.alter_column("coupons", "code", existing_type=sa.String(20), nullable=True)
    op.execute("ALTER TABLE coupons ALTER COLUMN code DROP NOT NULL")


def downgrade():
    op.drop_table("coupons")
