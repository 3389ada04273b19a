"""fixture da01

Revision ID: da01
Revises: da00
"""
from alembic import op
import sqlalchemy as sa

revision = "da01"
down_revision = "da00"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("event", sa.String(50), nullable=False),
    )
    op.execute("CREATE TABLE audit_archive (id integer PRIMARY KEY, payload text)")


def downgrade():
    op.execute("DROP TABLE audit_archive")  # NOTE
    op.drop_table("audit_log")
