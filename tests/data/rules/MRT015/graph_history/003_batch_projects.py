"""batch on projects before any cascade key

Revision ID: g003
Revises: g002
"""
from alembic import op
import sqlalchemy as sa

revision = "g003"
down_revision = "g002"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("projects") as batch_op:
        batch_op.add_column(sa.Column("budget", sa.Integer))


def downgrade():
    with op.batch_alter_table("projects") as batch_op:
        batch_op.drop_column("budget")
