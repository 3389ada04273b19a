"""fixture: (1) the upgrade drops a column, which takes its foreign key and check constraint with it; the downgrade
re-adds the column and puts them back; (2) an SQL index over a new column goes with the column; (3) an unnamed
foreign key (named by the naming convention) dropped before its parent table.

Revision ID: a1112
Revises: a1111
"""
from alembic import op
import sqlalchemy as sa

revision = "a1112"
down_revision = "a1111"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_column("sites", "default_view_id", schema="maps")
    op.drop_column("entries", "reviewed_at", schema="journal")
    op.add_column("orgs", sa.Column("alt_names", sa.ARRAY(sa.String()), nullable=True))
    op.execute("""
        CREATE INDEX ix_orgs_alt_names_fts ON orgs USING gin (to_tsvector('simple', array_to_string(alt_names, ' ')))
    """)
    op.create_table("drafts", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("page_id", sa.Integer()))
    op.create_table(
        "pages",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("draft_id", sa.Integer()),
        sa.ForeignKeyConstraint(["draft_id"], ["drafts.id"]),
    )
    op.create_foreign_key(None, "drafts", "pages", ["page_id"], ["id"])


def downgrade():
    op.drop_constraint("fk_drafts_page_id_pages", "drafts")
    op.drop_table("pages")
    op.drop_table("drafts")
    op.drop_column("orgs", "alt_names")
    op.add_column("entries", sa.Column("reviewed_at", sa.DateTime(), nullable=True), schema="journal")
    op.create_check_constraint("reviewed_at_set_when_final", "entries", "(state = 0) OR (reviewed_at IS NOT NULL)",
                               schema="journal")
    op.add_column("sites", sa.Column("default_view_id", sa.Integer(), nullable=True), schema="maps")
    op.create_foreign_key(op.f("fk_sites_default_view_id"), "sites", "views", ["default_view_id"], ["id"],
                          source_schema="maps", referent_schema="maps")
