"""non-unique look-alikes and text

Revision ID: u2004
Revises: u2003
"""
from alembic import op
import sqlalchemy as sa

revision = "u2004"
down_revision = "u2003"
branch_labels = None
depends_on = None


# op.create_unique_constraint("uq_users_email", "users", ["email"]) -- later, after cleaning duplicates


def upgrade():
    """CREATE UNIQUE INDEX ux ON users (email) is for the next release."""
    op.create_index("ix_users_email", "users", ["email"], unique=False)
    op.execute("CREATE INDEX ix_users_name ON users (name)")
    op.execute("ALTER TABLE users ADD CONSTRAINT ck_users_age CHECK (age >= 0) NOT VALID")
    op.drop_constraint("uq_users_login", "users", type_="unique")
    op.execute("INSERT INTO notes (body) VALUES ('ALTER TABLE x ADD PRIMARY KEY (id)')")


def downgrade():
    op.drop_index("ix_users_email", table_name="users")
