"""migration

Revision ID: c007
Revises: c006
"""
from alembic import op
import sqlalchemy as sa

revision = "c007"
down_revision = "c006"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "staging",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("tmp", sa.Integer),
    )
    op.drop_column("staging", "tmp")
    op.execute("CREATE TABLE scratch (id integer, junk text)")
    op.execute("ALTER TABLE scratch DROP COLUMN junk")
    with op.batch_alter_table("staging") as batch_op:
        batch_op.drop_column("id")


def downgrade():
    op.execute("DROP TABLE scratch")
    op.drop_table("staging")
