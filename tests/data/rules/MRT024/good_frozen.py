"""only safe imports

Revision ID: s2403
Revises: s2402
"""
from __future__ import annotations

import datetime
import json
import os.path
import uuid
from typing import Sequence, Union

from alembic import op, context
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, mysql
from sqlalchemy.sql import table, column
import sqlmodel
from typing_extensions import Literal

# from myapp.models import User  -- never in a migration
# session.add(User(name="x"))

revision: str = "s2403"
down_revision: Union[str, None] = "s2402"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

settings = table("settings", column("key", sa.String), column("value", sa.String))


def upgrade():
    """Do not do `from app.models import Setting; session.add(Setting(...))` here."""
    op.bulk_insert(settings, [{"key": "theme", "value": json.dumps({"at": str(datetime.date(2024, 1, 1))})}])
    op.execute(settings.update().where(settings.c.key == "theme").values(value=str(uuid.uuid4())))
    conn = op.get_bind()
    conn.execute(sa.text("UPDATE settings SET value = 'x' WHERE key = 'y'"))


def downgrade():
    op.execute(settings.delete().where(settings.c.key == "theme"))
