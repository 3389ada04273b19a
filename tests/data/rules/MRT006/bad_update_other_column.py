"""fixture: an UPDATE on the table before the drop that does not read the dropped column is no copy.

Revision ID: r0612
Revises: r0611
"""
from alembic import op
import sqlalchemy as sa

revision = "r0612"
down_revision = "r0611"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("people", sa.Column("nickname", sa.String(50), nullable=True))
    op.execute("UPDATE people SET nickname = 'n/a' WHERE nickname_old IS NULL")
    op.drop_column("people", "alias")  # HIT


def downgrade():
    op.add_column("people", sa.Column("alias", sa.String(50), nullable=True))
    op.drop_column("people", "nickname")
