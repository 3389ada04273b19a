"""fixture db05

Revision ID: db05
Revises: db04
"""
from alembic import op
import sqlalchemy as sa

revision = "db05"
down_revision = "db04"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("authors", sa.Column("id", sa.Integer, primary_key=True))
    op.create_table(
        "books",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("author_id", sa.Integer, sa.ForeignKey("authors.id"), nullable=False),
    )
    op.create_table("publishers", sa.Column("id", sa.Integer, primary_key=True))
    op.create_table(
        "imprints",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("publisher_id", sa.Integer),
        sa.ForeignKeyConstraint(["publisher_id"], ["public.publishers.id"]),
    )
    op.create_table("shelves", sa.Column("id", sa.Integer, primary_key=True))
    op.create_table("slots", sa.Column("id", sa.Integer, primary_key=True), sa.Column("shelf_id", sa.Integer))
    op.create_foreign_key("fk_slots_shelf", "slots", "shelves", ["shelf_id"], ["id"])
    op.create_table("racks", sa.Column("id", sa.Integer, primary_key=True))
    op.create_table("bins", sa.Column("id", sa.Integer, primary_key=True), sa.Column("rack_id", sa.Integer))
    op.create_foreign_key("fk_bins_rack", "bins", "racks", ["rack_id"], ["id"])


def downgrade():
    op.drop_table("authors")  # HIT
    op.drop_table("books")
    op.drop_table("publishers")  # HIT
    op.drop_table("imprints")
    op.drop_table("shelves")  # HIT
    op.drop_table("slots")
    op.drop_constraint("fk_bins_rack", "bins", type_="foreignkey")
    op.drop_table("racks")
    op.drop_table("bins")
