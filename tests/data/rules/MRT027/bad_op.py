"""volatile defaults

Revision ID: s2701
Revises: s2700
"""
from alembic import op
import sqlalchemy as sa

revision = "s2701"
down_revision = "s2700"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("token", sa.Uuid(), server_default=sa.text("gen_random_uuid()")))  # HIT 'users.token' with the volatile default gen_random_uuid()
    op.add_column("users", sa.Column("salt", sa.Float(), server_default=sa.func.random()))  # HIT 'users.salt' with the volatile default random()
    op.add_column("users", sa.Column("seen_at", sa.DateTime(), server_default=sa.text("clock_timestamp()")))  # HIT 'users.seen_at' with the volatile default clock_timestamp()
    op.add_column("users", sa.Column("n", sa.BigInteger(), server_default=sa.text("nextval('users_n_seq'::regclass)")))  # HIT 'users.n' with the volatile default nextval()


def downgrade():
    op.drop_column("users", "n")
    op.drop_column("users", "seen_at")
    op.drop_column("users", "salt")
    op.drop_column("users", "token")
