"""fixture db12

Revision ID: db12
Revises: db11
"""
from alembic import op
import sqlalchemy as sa

revision = "db12"
down_revision = "db11"
branch_labels = None
depends_on = None


def upgrade():
    with op.get_context().autocommit_block():
        op.create_index("ux_users_email", "users", ["email"], unique=True, postgresql_concurrently=True)
    op.execute("ALTER TABLE users ADD CONSTRAINT uq_users_email UNIQUE USING INDEX ux_users_email")


def downgrade():
    op.drop_constraint("uq_users_email", "users", type_="unique")
