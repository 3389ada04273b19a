"""fixture da08

Revision ID: da08
Revises: da07
"""
from alembic import op
import sqlalchemy as sa

revision = "da08"
down_revision = "da07"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_constraint("uq_users_email", "users", type_="unique")


def downgrade():
    op.execute("DELETE FROM users u USING users d WHERE u.email = d.email AND u.id > d.id")
    op.create_unique_constraint("uq_users_email", "users", ["email"])
