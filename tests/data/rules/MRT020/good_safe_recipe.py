"""the safe recipe: clean duplicates, build concurrently, attach

Revision ID: u2005
Revises: u2004
"""
from alembic import op
import sqlalchemy as sa

revision = "u2005"
down_revision = "u2004"
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        "DELETE FROM users u USING users d WHERE u.email = d.email AND u.id > d.id"
    )
    with op.get_context().autocommit_block():
        op.create_index("ux_users_email", "users", ["email"], unique=True, postgresql_concurrently=True)
        op.execute("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ux_users_login ON users (login)")
    op.execute("ALTER TABLE users ADD CONSTRAINT uq_users_email UNIQUE USING INDEX ux_users_email")
    op.execute("ALTER TABLE users ADD CONSTRAINT users_pkey2 PRIMARY KEY USING INDEX ux_users_login")


def downgrade():
    op.execute("ALTER TABLE users DROP CONSTRAINT users_pkey2")
    op.drop_constraint("uq_users_email", "users", type_="unique")
