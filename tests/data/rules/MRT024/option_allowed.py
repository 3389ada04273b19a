"""allowed modules (run with allowed_modules: [geoalchemy2, myapp.migration_utils]; geoalchemy2 is third-party anyway)

Revision ID: s2404
Revises: s2403
"""
from alembic import op
import sqlalchemy as sa
import geoalchemy2
from myapp.migration_utils import frozen_helper

revision = "s2404"
down_revision = "s2403"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("places", sa.Column("geom", geoalchemy2.Geometry("POINT")))
    frozen_helper()


def downgrade():
    op.drop_column("places", "geom")
