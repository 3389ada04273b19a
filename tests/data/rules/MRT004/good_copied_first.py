"""fixture: the upgrade copies the values before dropping the column (expand/contract in one revision), as the rule's
hint asks: an UPDATE of the same table that reads the column, or an INSERT ... SELECT into another table.

Revision ID: c0411
Revises: c0410
"""
from alembic import op
import sqlalchemy as sa

revision = "c0411"
down_revision = "c0410"
branch_labels = None
depends_on = None


def upgrade():
    conn = op.get_bind()
    op.add_column("members", sa.Column("settings", sa.JSON(), nullable=True))
    conn.execute(sa.text(
        """
        UPDATE members
        SET settings = jsonb_build_object('avatar_url', avatar_url)
        WHERE avatar_url IS NOT NULL
        """
    ))
    op.drop_column("members", "avatar_url")
    op.create_table("descriptions", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("body", sa.Text()))
    op.execute("INSERT INTO descriptions (id, body) SELECT id, long_description FROM public.items")
    op.execute("ALTER TABLE items DROP COLUMN long_description")


def downgrade():
    op.add_column("items", sa.Column("long_description", sa.Text(), nullable=True))
    op.execute("UPDATE items SET long_description = d.body FROM descriptions d WHERE d.id = items.id")
    op.drop_table("descriptions")
    op.add_column("members", sa.Column("avatar_url", sa.String(320), nullable=True))
    op.execute("UPDATE members SET avatar_url = settings->>'avatar_url'")
    op.drop_column("members", "settings")
