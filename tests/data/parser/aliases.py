"""aliases everywhere"""
from __future__ import annotations

from typing import TYPE_CHECKING

from alembic import op as o
import sqlalchemy as sa
from sqlalchemy import (
    Column,
    Integer as Int,
)

if TYPE_CHECKING:
    from myapp.models import User  # noqa: F401

revision: str = "f00d"
down_revision: tuple[str, ...] | None = (
    "aaa111",  # main line
    "bbb222",
)
branch_labels = ("feature",)
depends_on = "ccc333"


def upgrade() -> None:
    o.add_column("users", Column("age", Int(), nullable=True))
    o.rename_table(old_table_name="people", new_table_name="persons")


def downgrade() -> None:
    o.rename_table("persons", "people")
    o.drop_column("users", "age")
