"""backfill from the models

Revision ID: s2401
Revises: s2400
"""
from alembic import op
import sqlalchemy as sa
from myapp.models import User, Order  # HIT imports 'myapp.models' (User, Order)
import myapp.services.billing as billing  # HIT imports 'myapp.services.billing',
from . import _helpers  # HIT imports '.' (_helpers)

revision = "s2401"
down_revision = "s2400"
branch_labels = None
depends_on = None


def upgrade():
    from myapp.utils import slugify  # HIT imports 'myapp.utils' (slugify)

    op.add_column("users", sa.Column("slug", sa.String(100)))
    billing.recompute()


def downgrade():
    op.drop_column("users", "slug")
