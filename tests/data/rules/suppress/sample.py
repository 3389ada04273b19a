"""drop legacy things

Revision ID: s001
Revises: s000
"""
# mrt: ignore-file[MRT005] legacy cleanup revision, tables archived in OPS-812
from alembic import op
import sqlalchemy as sa

revision = "s001"
down_revision = "s000"
branch_labels = None
depends_on = None


def upgrade():
    # mrt: ignore[MRT004] phone moved to contacts in s000
    op.drop_column("users", "phone")
    op.drop_column(
        "users",
        "fax",  # noqa: MRT201
    )
    op.drop_column("users", "pager")  # mrt: ignore[MRT004]
    op.drop_column("users", "telex")
    op.drop_table("audit_2019")
    # mrt: expect-data-loss users.telex
    # mrt: ignore
    x = "# mrt: ignore[MRT004] inside a string is not a comment"


def downgrade():
    raise NotImplementedError("legacy data is archived")  # noqa: MRT102
