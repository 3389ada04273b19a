"""fixture: SQLite downgrades written as a table copy: the new definition leaves out the column the upgrade added
(so it is removed), or has the column the upgrade dropped (so it is back).

Revision ID: a1113
Revises: a1112
"""
from alembic import op
import sqlalchemy as sa

revision = "a1113"
down_revision = "a1112"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("agents", sa.Column("secret_hash", sa.String(length=256), nullable=True))
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("starred")


def downgrade():
    conn = op.get_bind()
    op.rename_table("cases", "cases_tmp")
    conn.execute(sa.text('CREATE TABLE "cases" (id INTEGER NOT NULL, starred BOOLEAN, PRIMARY KEY (id))'))
    conn.execute(sa.text("INSERT INTO cases SELECT id, NULL FROM cases_tmp"))
    op.drop_table("cases_tmp")
    op.rename_table("agents", "agents_tmp")
    op.create_table(
        "agents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    conn.execute(sa.text("INSERT INTO agents SELECT id, name FROM agents_tmp"))
    op.drop_table("agents_tmp")
