"""alias, keywords, using

Revision ID: s2302
Revises: s2301
"""
from alembic import op as o
import sqlalchemy as sa

revision = "s2302"
down_revision = "s2301"
branch_labels = None
depends_on = None


def upgrade():
    o.alter_column(table_name="users", column_name="age", type_=sa.SmallInteger(), existing_type=sa.String(3),  # HIT 'users.age' from VARCHAR(3) to SMALLINT with postgresql_using=
                   postgresql_using="age::smallint")
    o.alter_column(table_name="users", column_name="code", existing_type=sa.String(20), type_=sa.String(40),  # HIT 'users.code' from VARCHAR(20) to VARCHAR(40) with postgresql_using=
                   postgresql_using="upper(code)")
    o.alter_column("orders", "kind", type_=sa.Enum("a", "b", name="order_kind_v2"),  # HIT 'orders.kind' from ENUM(a,b,name=order_kind) to ENUM(a,b,name=order_kind_v2)
                   existing_type=sa.Enum("a", "b", name="order_kind"), postgresql_using="kind::text::order_kind_v2")


def downgrade():
    o.alter_column(table_name="users", column_name="code", existing_type=sa.String(40), type_=sa.String(20))
    o.alter_column(table_name="users", column_name="age", type_=sa.String(3), existing_type=sa.SmallInteger())
