"""tables created in this revision

Revision ID: n1704
Revises: n1703
"""
from alembic import op
import sqlalchemy as sa

revision = "n1704"
down_revision = "n1703"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("tokens", sa.Column("id", sa.Integer, primary_key=True))
    op.add_column("tokens", sa.Column("value", sa.String(64), nullable=False))
    op.execute("CREATE TABLE audit (id INT)")
    op.execute("ALTER TABLE audit ADD COLUMN at timestamp NOT NULL")
    op.execute("CREATE TABLE jobs (id INT); ALTER TABLE jobs ADD COLUMN state text NOT NULL")


def downgrade():
    op.drop_table("audit")
    op.drop_table("tokens")
