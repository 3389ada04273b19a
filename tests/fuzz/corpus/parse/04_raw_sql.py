from alembic import op
from sqlalchemy import text

revision = '4d'
down_revision = '3c'

SQL = """
CREATE FUNCTION touch() RETURNS trigger AS $$
BEGIN
  NEW.updated_at = now();  -- keep it fresh
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""


def upgrade():
    op.execute(SQL)
    conn = op.get_bind()
    conn.execute(text("UPDATE users SET email = lower(email) WHERE email <> lower(email)"))
    op.execute(r"UPDATE t SET path = 'C:\\tmp\x' WHERE a = b'\x00'")


def downgrade():
    op.execute("DROP FUNCTION touch()")
