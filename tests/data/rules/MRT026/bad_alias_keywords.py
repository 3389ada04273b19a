"""alias and keywords

Revision ID: s2602
Revises: s2601
"""
from alembic import op as o
import sqlalchemy as sa

revision = "s2602"
down_revision = "s2601"
branch_labels = None
depends_on = None


def upgrade():
    o.create_check_constraint(constraint_name="ck_users_age", table_name="users", condition="age >= 0")  # HIT 'ck_users_age' to existing table 'users'


def downgrade():
    o.drop_constraint("ck_users_age", "users", type_="check")
