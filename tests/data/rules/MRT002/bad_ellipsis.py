"""migration

Revision ID: b003
Revises: b002
"""
from alembic import op
import sqlalchemy as sa

revision = "b003"
down_revision = "b002"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.alter_column("name", existing_type=sa.String(50), type_=sa.String(100))


def downgrade():  # HIT
    ...
