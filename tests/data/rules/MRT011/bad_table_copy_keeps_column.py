"""fixture: a downgrade table copy whose new definition still has the column the upgrade added: it is not removed.

Revision ID: a1114
Revises: a1113
"""
from alembic import op
import sqlalchemy as sa

revision = "a1114"
down_revision = "a1113"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("agents", sa.Column("token_hash", sa.String(length=256), nullable=True))  # HIT


def downgrade():
    conn = op.get_bind()
    op.rename_table("agents", "agents_tmp")
    op.create_table(
        "agents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=256), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    conn.execute(sa.text("INSERT INTO agents SELECT id, token_hash FROM agents_tmp"))
    op.drop_table("agents_tmp")
