"""third-party packages are not the application's code: alembic extensions, sqlalchemy add-ons, utilities

Revision ID: s2406
Revises: s2405
"""
from alembic import op
import sqlalchemy as sa
import alembic_postgresql_enum
import sqlalchemy_utils
from sqlalchemy_searchable import sync_trigger
from dateutil import parser as date_parser
import funcy as F

revision = "s2406"
down_revision = "s2405"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("posts", sa.Column("uid", sqlalchemy_utils.UUIDType()))
    sync_trigger(op.get_bind(), "posts", "search_vector", ["title"])


def downgrade():
    op.drop_column("posts", "uid")
