"""batch tables through helper parameters, SQL statement lines, expression WHERE, helper raises"""
import textwrap

from alembic import op
import sqlalchemy as sa

revision = "feed0001"
down_revision = "cafe0001"

CLEANUP = """
UPDATE users SET flag = NULL;
DELETE FROM sessions
"""


def _rebuild(table, schema=None):
    with op.batch_alter_table(table, schema=schema) as b:
        b.drop_column("legacy")
        b.alter_column("name", nullable=False)


def _forbid(reason):
    raise NotImplementedError(reason)


def upgrade():
    _rebuild("users", schema="app")
    op.execute(
        """
        ALTER TABLE users ADD COLUMN a INT;

        ALTER TABLE users DROP COLUMN b
        """
    )
    op.execute(
        sa.text(
            "DELETE FROM audit"
        )
    )
    op.execute("UPDATE a SET x = 1;"
               "UPDATE b SET y = 2")
    op.execute(CLEANUP)
    op.execute(textwrap.dedent("""\
        DROP TABLE t1;
        DROP TABLE t2"""))
    users = sa.table("users", sa.column("id"), sa.column("flag"))
    op.execute(users.delete().where(users.c.id == 1))
    op.execute(users.update().values(flag=True))
    op.execute(sa.update(users).where(users.c.flag.is_(None)).values(flag=False))
    bind = op.get_bind()
    session = sa.orm.Session(bind=bind)
    session.query(User).filter(User.id == 1).delete()
    session.query(User).update({"flag": True})
    op.drop_column("us\x00ers", "legacy")
    op.add_column("users", sa.Column("x", sa.Integer()), schema="s\x00p")


def downgrade():
    op.drop_column("users", "x")
    if op.get_context().dialect.name == "sqlite":
        _forbid("sqlite")
    _forbid("never")
