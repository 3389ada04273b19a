"""multi-database template

Revision ID: mdb1
"""
from alembic import op
import sqlalchemy as sa

revision = "mdb1"
down_revision = None


def upgrade(engine_name: str) -> None:
    globals()["upgrade_%s" % engine_name]()


def downgrade(engine_name: str) -> None:
    globals()["downgrade_%s" % engine_name]()


def upgrade_engine1() -> None:
    op.create_table("e1", sa.Column("id", sa.Integer, primary_key=True))


def downgrade_engine1() -> None:
    op.drop_table("e1")


def upgrade_engine2() -> None:
    pass


def downgrade_engine2() -> None:
    pass
