"""tables created in this revision

Revision ID: m1604
Revises: m1603
"""
from alembic import op
import sqlalchemy as sa

revision = "m1604"
down_revision = "m1603"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("tokens", sa.Column("id", sa.Integer, primary_key=True), sa.Column("value", sa.String(20)))
    op.alter_column("tokens", "value", nullable=False)
    op.execute("CREATE TABLE sessions (id INT PRIMARY KEY, data TEXT)")
    op.alter_column("sessions", "data", type_=sa.Text())


def downgrade():
    op.alter_column("tokens", "value", nullable=True)
    op.drop_table("sessions")
    op.drop_table("tokens")
