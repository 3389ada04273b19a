"""fixture: the SQLite table copy in upgrade() (rename to a temporary name, add the column there, create the table
again, copy the rows, drop the temporary one): its net effect is one new column, which the downgrade removes.

Revision ID: a1109
Revises: a1108
"""
from alembic import op
import sqlalchemy as sa

revision = "a1109"
down_revision = "a1108"
branch_labels = None
depends_on = None


def upgrade():
    conn = op.get_bind()
    op.rename_table("tickets", "tickets_tmp")
    op.add_column("tickets_tmp", sa.Column("uuid", sa.String(length=36)))
    conn.execute(sa.text("UPDATE tickets_tmp SET uuid = lower(hex(randomblob(16)))"))
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uuid"),
    )
    conn.execute(sa.text("INSERT INTO tickets SELECT id, uuid FROM tickets_tmp"))
    op.drop_table("tickets_tmp")


def downgrade():
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_column("uuid")
