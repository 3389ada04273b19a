"""look-alikes without a cascade

Revision ID: s1503
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "s1503"
down_revision = None
branch_labels = None
depends_on = None


# with op.batch_alter_table("users"): ON DELETE CASCADE keys point at users -- not in this file


def upgrade():
    """batch_alter_table on a table referenced ON DELETE CASCADE is dangerous."""
    op.create_table(
        "a_children",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("a_id", sa.Integer, sa.ForeignKey("a.id")),
        sa.Column("b_id", sa.Integer, sa.ForeignKey("b.id", ondelete="SET NULL")),
        sa.Column("c_id", sa.Integer, sa.ForeignKey("c.id", onupdate="CASCADE")),
        sa.Column("parent_id", sa.Integer, sa.ForeignKey("a_children.id", ondelete="CASCADE")),
        sa.Column("d_id", sa.Integer, sa.ForeignKey("d.id", ondelete="CASCADE")),
    )
    with op.batch_alter_table("a") as batch_op:
        batch_op.add_column(sa.Column("x", sa.Integer))
    with op.batch_alter_table("b") as batch_op:
        batch_op.add_column(sa.Column("x", sa.Integer))
    with op.batch_alter_table("c") as batch_op:
        batch_op.add_column(sa.Column("x", sa.Integer))
    # the child holding a cascade key is not what gets deleted
    with op.batch_alter_table("a_children") as batch_op:
        batch_op.add_column(sa.Column("x", sa.Integer))
    op.execute("CREATE TABLE e_children (id INTEGER, e_id INTEGER REFERENCES e (id) ON UPDATE CASCADE)")
    with op.batch_alter_table("e") as batch_op:
        batch_op.add_column(sa.Column("x", sa.Integer))


def downgrade():
    with op.batch_alter_table("a") as batch_op:
        batch_op.drop_column("x")
