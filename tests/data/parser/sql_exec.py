"""data migration with raw SQL"""
from textwrap import dedent

from alembic import op
import sqlalchemy as sa
from sqlalchemy import text
from sqlalchemy.orm import Session

revision = "5q1000000001"
down_revision = "5q1000000000"

BACKFILL_SQL = (
    "UPDATE users SET status = 'active' "
    "WHERE status IS NULL"
)

users_table = sa.table(
    "users",
    sa.column("id", sa.Integer),
    sa.column("status", sa.String),
)


def upgrade():
    op.execute("ALTER TABLE users ADD COLUMN note TEXT")
    op.execute(BACKFILL_SQL)
    purge = """
        DELETE FROM sessions;
        TRUNCATE audit_log CASCADE
    """
    op.execute(purge)
    conn = op.get_bind()
    conn.execute(sa.text("UPDATE orders SET total = 0 WHERE total IS NULL"))
    op.get_bind().execute(text("DELETE FROM carts"))
    table_name = "invoices"
    op.execute(f"DELETE FROM {table_name}")
    op.execute("DELETE FROM %s" % table_name)
    op.execute("DELETE FROM {}".format(table_name))
    op.execute("DELETE FROM " + table_name)
    op.execute(sa.text("UPDATE users SET score = :s").bindparams(s=0))
    op.execute(users_table.update().where(users_table.c.status == None).values(status="x"))
    op.execute(sa.delete(users_table))
    op.bulk_insert(users_table, [{"id": 1, "status": "a"}, {"id": 2, "status": "b"}])
    op.bulk_insert(sa.table("roles", sa.column("name")), [{"name": "admin"}])
    session = Session(bind=conn)
    session.execute(text("UPDATE profiles SET bio = ''"))
    session.query(Profile).filter_by(bio=None).delete()
    with op.get_context().autocommit_block():
        op.execute("CREATE INDEX CONCURRENTLY ix_users_email ON users (email)")
    op.execute(dedent("""
        UPDATE users SET status = 'x'
    """))
    for t in ["a", "b"]:
        op.execute("DROP TABLE IF EXISTS " + "tmp_" + "x")
    op.execute(make_sql())


def downgrade():
    op.execute("ALTER TABLE users DROP COLUMN note")
    with op.get_bind().begin() as c:
        c.execute(text("UPDATE users SET status = NULL"))
