"""fixture: a project whose MetaData naming convention is "ck_%(table_name)s_%(constraint_name)s": upgrade creates
constraint "slot_not_empty", which the database names "ck_bookings_slot_not_empty", and the downgrade drops it under
that full name (and the other way round for a constraint the upgrade drops).

Revision ID: a1107
Revises: a1106
"""
from alembic import op
import sqlalchemy as sa

revision = "a1107"
down_revision = "a1106"
branch_labels = None
depends_on = None


def upgrade():
    op.create_check_constraint("slot_not_empty", "bookings", "slot != ''", schema="rooms")
    op.drop_constraint("ck_papers_valid_enum_state", "papers", schema="reviews")
    op.create_check_constraint("valid_enum_state", "papers", "state IN (1, 2, 3, 4)", schema="reviews")


def downgrade():
    op.drop_constraint("ck_papers_valid_enum_state", "papers", schema="reviews")
    op.create_check_constraint("valid_enum_state", "papers", "state IN (1, 2, 3)", schema="reviews")
    op.drop_constraint("ck_bookings_slot_not_empty", "bookings", schema="rooms")
