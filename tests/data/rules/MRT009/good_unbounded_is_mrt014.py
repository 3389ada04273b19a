"""fixture: an UPDATE or DELETE without WHERE is reported by MRT014 (destructive-sql, an error); MRT009 does not
report the same statement a second time.

Revision ID: d0911
Revises: d0910
"""
from alembic import op
import sqlalchemy as sa

revision = "d0911"
down_revision = "d0910"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("UPDATE widgets SET options = jsonb_set(options, '{col}', to_jsonb((options->>'col')::int * 2))")
    op.execute("DELETE FROM login_attempts")
    op.add_column("widgets", sa.Column("layout_version", sa.Integer(), nullable=True))


def downgrade():
    op.drop_column("widgets", "layout_version")
