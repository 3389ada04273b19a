"""a file with syntax errors"""
from alembic import op
import sqlalchemy as sa

revision = "e11"
down_revision = "e10"


def upgrade():
    op.add_column("users", sa.Column("a", sa.Integer())
    op.drop_column("users", "b")


def downgrade()
    op.drop_column("users", "a")
    x = = 1
    op.add_column("users", sa.Column("b", sa.Integer()))
