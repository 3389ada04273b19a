"""tasks cascade to projects

Revision ID: g004
Revises: g003
"""
from alembic import op
import sqlalchemy as sa

revision = "g004"
down_revision = "g003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("tasks", sa.Column("id", sa.Integer, primary_key=True), sa.Column("project_id", sa.Integer))
    op.create_foreign_key("fk_tasks_project", "tasks", "projects", ["project_id"], ["id"], ondelete="CASCADE")


def downgrade():
    op.drop_table("tasks")
