"""orm session writes

Revision ID: s2402
Revises: s2401
"""
from alembic import op as o
import sqlalchemy as sa
from sqlalchemy import orm
from app.models import Setting  # HIT imports 'app.models' (Setting)

revision = "s2402"
down_revision = "s2401"
branch_labels = None
depends_on = None


def _seed(session):
    session.add_all([Setting(key="a"), Setting(key="b")])  # HIT (session.add_all()) (in helper _seed(), called at line 24)


def upgrade():
    session = orm.Session(bind=o.get_bind())
    session.add(Setting(key="theme", value="dark"))  # HIT upgrade() writes through an ORM Session (session.add())
    _seed(session)
    if session.query(Setting).count() > 10:
        session.query(Setting).filter(Setting.key == "old").delete()  # HIT .delete()) (conditional)
    session.commit()


def downgrade():
    session = orm.Session(bind=o.get_bind())
    session.query(Setting).filter(Setting.key == "theme").update({"value": None})  # HIT downgrade() writes through an ORM Session (session.query(Setting)
    session.merge(Setting(key="theme"))  # HIT (session.merge())
    session.commit()
