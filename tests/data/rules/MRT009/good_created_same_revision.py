"""fixture d907

Revision ID: d907
Revises: d906
"""
from alembic import op
import sqlalchemy as sa

revision = "d907"
down_revision = "d906"
branch_labels = None
depends_on = None


def upgrade():
    countries = op.create_table(
        "countries",
        sa.Column("code", sa.String(2), primary_key=True),
        sa.Column("name", sa.String(80), nullable=False),
    )
    op.bulk_insert(countries, [{"code": "FR", "name": "France"}])
    op.execute("INSERT INTO countries (code, name) VALUES ('DE', 'Germany')")


def downgrade():
    op.drop_table("countries")  # mrt: ignore[MRT010] reference data, rebuilt by the upgrade
