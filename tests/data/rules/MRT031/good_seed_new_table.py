"""a new lookup table with its rows: the normal Alembic recipe

Revision ID: a031n
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a031n"
down_revision = None


def upgrade():
    countries = op.create_table(
        "countries",
        sa.Column("code", sa.String(2), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
    )
    op.bulk_insert(countries, [{"code": "FR", "name": "France"}])
    op.execute("INSERT INTO countries (code, name) VALUES ('DE', 'Germany')")
    op.execute("SET lock_timeout = '5s'")
    op.execute("SELECT count(*) FROM users")


def downgrade():
    op.execute("DELETE FROM countries")  # downgrade is not checked by this rule
    op.drop_table("countries")
