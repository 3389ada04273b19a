"""literal SQL the rules can read, constants, bound parameters

Revision ID: a034g
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a034g"
down_revision = None

SQL = "UPDATE users SET plan = 'free' WHERE plan IS NULL AND id < 1000"
users = sa.table("users", sa.column("plan", sa.String))


def upgrade():
    op.execute(SQL)
    op.execute(sa.text("UPDATE users SET plan = :p WHERE id = :id").bindparams(p="pro", id=1))
    op.get_bind().execute(sa.text("UPDATE users SET plan = :p WHERE id = :id"), {"p": "pro", "id": 2})
    op.execute(users.update().where(users.c.plan == None).values(plan="free"))  # noqa: E711
    op.execute(
        "UPDATE users SET note = 'multi' "
        "WHERE id = 3"
    )


def downgrade():
    op.execute("UPDATE users SET plan = NULL WHERE id IN (1, 2)")
