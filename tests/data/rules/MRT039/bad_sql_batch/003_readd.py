"""revision s3

Revision ID: s3
"""
from alembic import op as o
import sqlalchemy as sa

revision = "s3"
down_revision = 's2'


def upgrade():
    with o.batch_alter_table("orders") as b:
        b.add_column(sa.Column("note", sa.Text()))  # HIT


def downgrade():
    with o.batch_alter_table("orders") as b:
        b.drop_column("note")
