"""migration

Revision ID: a006
Revises: a005
"""
from alembic import op
import sqlalchemy as sa

revision = "a006"
down_revision = "a005"
branch_labels = None
depends_on = None


def upgrade(engine_name: str) -> None:
    globals()["upgrade_%s" % engine_name]()


def downgrade(engine_name: str) -> None:
    globals()["downgrade_%s" % engine_name]()


def upgrade_engine1():
    pass


def downgrade_engine1():
    pass
