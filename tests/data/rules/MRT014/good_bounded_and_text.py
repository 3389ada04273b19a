"""bounded statements and text only

Revision ID: d1404
Revises: d1403
"""
from alembic import op
import sqlalchemy as sa

revision = "d1404"
down_revision = "d1403"
branch_labels = None
depends_on = None


# DELETE FROM sessions; TRUNCATE events; DROP SCHEMA x CASCADE -- all rejected in review


def upgrade():
    """DELETE FROM sessions would lose data: not done here."""
    op.execute("DELETE FROM sessions WHERE expires_at < now() - interval '30 days'")
    op.execute("UPDATE users SET email_verified = false WHERE email_verified IS NULL")
    op.execute("DROP TABLE legacy_customers")
    op.execute("DROP VIEW v_old")
    op.execute("INSERT INTO notes (body) VALUES ('TRUNCATE users; DELETE FROM users')")
    op.create_foreign_key("fk_a_b", "a", "b", ["b_id"], ["id"], ondelete="CASCADE")
    op.execute("ALTER TABLE a ADD CONSTRAINT fk_c FOREIGN KEY (c_id) REFERENCES c (id) ON DELETE CASCADE")


def downgrade():
    op.execute("DELETE FROM notes WHERE body LIKE 'TRUNCATE%'")
