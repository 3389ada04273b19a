"""fixture db02

Revision ID: db02
Revises: db01
"""
from alembic import op
import sqlalchemy as sa

revision = "db02"
down_revision = "db01"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("tags", sa.Column("id", sa.Integer, primary_key=True))
    op.add_column("users", sa.Column("phone", sa.String(32)))  # HIT
    op.create_index("ix_users_phone", "users", ["phone"])  # HIT
    op.create_check_constraint("ck_users_age", "users", "age >= 0")  # HIT
    op.execute("CREATE INDEX ix_users_created ON users (created_at)")  # HIT
    op.get_bind().execute(sa.text("ALTER TABLE users ADD CONSTRAINT uq_users_phone UNIQUE (phone)"))  # HIT


def downgrade():
    op.drop_table("tags")
