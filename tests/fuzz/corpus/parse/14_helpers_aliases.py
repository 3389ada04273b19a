from alembic import op as o
import sqlalchemy as sqla

revision = "14b"
down_revision = "13a"


def _add(name, type_=sqla.Text):
    o.add_column("events", sqla.Column(name, type_(), nullable=True))


def upgrade():
    _add("payload")
    _add("meta", sqla.JSON)


def upgrade_data():
    o.execute("UPDATE events SET meta = '{}'")


def downgrade():
    o.drop_column("events", "meta")
    o.drop_column("events", "payload")
