"""fixture: the type is created through a variable spelled like the type and dropped by name in the downgrade.

Revision ID: e1210
Revises: e1209
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ENUM

revision = "e1210"
down_revision = "e1209"
branch_labels = None
depends_on = None


def upgrade():
    artifact_type = ENUM("wheel", "sdist", "egg", name="artifact_type")
    artifact_type.create(op.get_bind(), checkfirst=False)
    op.execute("ALTER TABLE artifacts ALTER COLUMN kind TYPE artifact_type USING kind::artifact_type")


def downgrade():
    op.execute("ALTER TABLE artifacts ALTER COLUMN kind TYPE text")
    ENUM(name="artifact_type", create_type=False).drop(op.get_bind(), checkfirst=False)
