"""ALTER SEQUENCE users_id_seq RESTART and setval() only in text

Revision ID: a038t
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a038t"
down_revision = None


def upgrade():
    # op.execute("SELECT setval('users_id_seq', 1)")
    op.execute("COMMENT ON TABLE users IS 'DROP SEQUENCE x; SELECT setval(''y'', 1)'")
    op.add_column("users", sa.Column("n", sa.Integer(), server_default=sa.text("nextval('users_n_seq')")))


def downgrade():
    """op.execute("DROP SEQUENCE users_n_seq")"""
    op.drop_column("users", "n")
