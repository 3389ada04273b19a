"""batch on teams

Revision ID: g002
Revises: g001
"""
from alembic import op
import sqlalchemy as sa

revision = "g002"
down_revision = "g001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("teams") as batch_op:
        batch_op.alter_column("name", existing_type=sa.String(50), type_=sa.String(100))  # HIT


def downgrade():
    with op.batch_alter_table("teams") as batch_op:
        batch_op.alter_column("name", existing_type=sa.String(100), type_=sa.String(50))  # HIT
