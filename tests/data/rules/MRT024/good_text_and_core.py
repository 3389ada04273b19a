"""mentions only: from myapp.models import User

Revision ID: s2405
Revises: s2404
"""
from alembic import op
import sqlalchemy as sa

revision = "s2405"
down_revision = "s2404"
branch_labels = None
depends_on = None

# import myapp.models
# session.add(User(name="x"))


def upgrade():
    """We used to `from myapp import models` here; not any more."""
    import textwrap
    from collections import OrderedDict

    session = sa.orm.Session(bind=op.get_bind())
    session.execute(sa.text("UPDATE users SET note = 'from app.models import X' WHERE id = 1"))
    op.execute(textwrap.dedent("UPDATE users SET flags = 0 WHERE flags IS NULL"))
    OrderedDict()


def downgrade():
    op.execute("UPDATE users SET note = NULL WHERE id = 1")
