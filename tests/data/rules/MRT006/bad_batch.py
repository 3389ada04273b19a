"""fixture d602

Revision ID: d602
Revises: d601
"""
from alembic import op
import sqlalchemy as sa

revision = "d602"
down_revision = "d601"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_column("email")  # HIT
        batch_op.add_column(sa.Column("email_address", sa.String(255), nullable=True))


def downgrade():
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email", sa.String(length=255), nullable=True))
        batch_op.drop_column("email_address")
