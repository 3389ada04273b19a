"""cascade key created after the batch

Revision ID: s1504
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "s1504"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("nickname", sa.String(50)))
    op.create_table(
        "memberships",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE")),
    )


def downgrade():
    op.drop_table("memberships")
