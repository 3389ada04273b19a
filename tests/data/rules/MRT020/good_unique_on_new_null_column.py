"""fixture: a unique index or constraint over a column added just before without a server default: every existing row
holds NULL there and NULLs never collide, so the build cannot fail on duplicates (the backfill comes after).
Modelled on "add a slug column, make it unique, fill it" revisions.

Revision ID: u2007
Revises: u2006
"""
from alembic import op
import sqlalchemy as sa

revision = "u2007"
down_revision = "u2006"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("teams", sa.Column("slug", sa.String(), nullable=True))
    op.create_index(op.f("ix_teams_slug"), "teams", ["slug"], unique=True)
    with op.batch_alter_table("boards") as batch_op:
        batch_op.add_column(sa.Column("slug", sa.String(), nullable=True))
        batch_op.create_unique_constraint("board_slug_team_id_key", ["slug", "team_id"])


def downgrade():
    with op.batch_alter_table("boards") as batch_op:
        batch_op.drop_constraint("board_slug_team_id_key", type_="unique")
        batch_op.drop_column("slug")
    op.drop_index(op.f("ix_teams_slug"), table_name="teams")
    op.drop_column("teams", "slug")
