"""fixture: a new column with a server default holds the same value in every existing row: a unique index over it
fails on the second row; a primary key over a new column fails on the NULLs.

Revision ID: u2008
Revises: u2007
"""
from alembic import op
import sqlalchemy as sa

revision = "u2008"
down_revision = "u2007"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("teams", sa.Column("code", sa.String(), nullable=False, server_default="x"))
    op.create_index("ix_teams_code", "teams", ["code"], unique=True)  # HIT
    op.add_column("badges", sa.Column("uid", sa.Integer(), nullable=True))
    op.create_primary_key("pk_badges", "badges", ["uid"])  # HIT


def downgrade():
    op.drop_constraint("pk_badges", "badges", type_="primary")
    op.drop_column("badges", "uid")
    op.drop_index("ix_teams_code", table_name="teams")
    op.drop_column("teams", "code")


def upgrade_normalized():
    # backfilled before the constraint: no longer all NULL, and normalised names can collide
    op.add_column("projects", sa.Column("normalized_name", sa.Text(), nullable=True))
    op.execute("UPDATE projects SET normalized_name = lower(name)")
    op.alter_column("projects", "normalized_name", nullable=False)
    op.create_unique_constraint(None, "projects", ["normalized_name"])  # HIT


def downgrade_normalized():
    op.drop_column("projects", "normalized_name")
