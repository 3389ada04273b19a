"""src/ layout: shopapp lives in src/shopapp/ at the project root (setup.cfg), migration_utils.py beside the
versions folder; funcy and sqlalchemy_utils are installed packages (silent)

Revision ID: s2410
Revises:
"""
from alembic import op
import sqlalchemy as sa
import funcy
from sqlalchemy_utils import UUIDType
from shopapp.models import Product  # HIT
import migration_utils  # HIT

revision = "s2410"
down_revision = None


def upgrade():
    op.add_column("products", sa.Column("uid", UUIDType()))


def downgrade():
    op.drop_column("products", "uid")
