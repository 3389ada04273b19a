"""fixture: statements before the drop that do not read the dropped column are no copy.

Revision ID: c0412
Revises: c0411
"""
from alembic import op
import sqlalchemy as sa

revision = "c0412"
down_revision = "c0411"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("UPDATE members SET settings = '{}' WHERE settings IS NULL")
    op.execute("UPDATE accounts SET phone_number = NULL")
    op.drop_column("members", "phone_number")  # HIT
    op.execute("INSERT INTO audit (what) VALUES ('dropping nickname')")
    op.drop_column("members", "nickname")  # HIT


def downgrade():
    op.add_column("members", sa.Column("nickname", sa.String(50), nullable=True))
    op.add_column("members", sa.Column("phone_number", sa.String(50), nullable=True))
