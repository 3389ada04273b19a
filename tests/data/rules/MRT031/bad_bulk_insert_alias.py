"""index roles and add two

Revision ID: a031b
Revises:
"""
from alembic import op as o
import sqlalchemy as sa

revision = "a031b"
down_revision = None

roles = sa.table("roles", sa.column("name", sa.String))


def upgrade():
    with o.batch_alter_table("roles") as b:
        b.create_index("ix_roles_name", ["name"])
    o.bulk_insert(roles, [{"name": "auditor"}, {"name": "owner"}])  # HIT


def downgrade():
    o.execute("DELETE FROM roles WHERE name IN ('auditor', 'owner')")
    with o.batch_alter_table("roles") as b:
        b.drop_index("ix_roles_name")
