"""batch on projects after the cascade key

Revision ID: g005
Revises: g004
"""
from alembic import op
import sqlalchemy as sa

revision = "g005"
down_revision = "g004"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("projects") as batch_op:
        batch_op.add_column(sa.Column("owner", sa.String(50)))  # HIT


def downgrade():
    with op.batch_alter_table("projects") as batch_op:
        batch_op.drop_column("owner")  # HIT
