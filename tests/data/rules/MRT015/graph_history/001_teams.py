"""teams and members

Revision ID: g001
Revises: None
"""
from alembic import op
import sqlalchemy as sa

revision = "g001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("teams", sa.Column("id", sa.Integer, primary_key=True), sa.Column("name", sa.String(50)))
    op.create_table(
        "members",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id", ondelete="CASCADE")),
    )
    op.create_table("projects", sa.Column("id", sa.Integer, primary_key=True))
    op.create_table("labels", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("labels")
    op.drop_table("projects")
    op.drop_table("members")
    op.drop_table("teams")
