"""fixture d904

Revision ID: d904
Revises: d903
"""
from alembic import op as o
import sqlalchemy as sa

revision = "d904"
down_revision = "d903"
branch_labels = None
depends_on = None


def _seed_roles():
    o.execute("INSERT INTO roles (name) VALUES ('admin'), ('viewer')")  # HIT


def upgrade():
    if o.get_context().dialect.name == "postgresql":
        _seed_roles()
    o.add_column("roles", sa.Column("builtin", sa.Boolean(), server_default=sa.false()))


def downgrade():
    o.drop_column("roles", "builtin")
