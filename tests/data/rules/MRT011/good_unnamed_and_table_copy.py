"""fixture: (1) the downgrade re-creates dropped constraints and indexes unnamed (name=None: the project's naming
convention names them, most likely as before); (2) a SQLite-style downgrade that moves the table out of the way,
creates it again with the column back, and copies the rows.

Revision ID: a1108
Revises: a1107
"""
from alembic import op
import sqlalchemy as sa

revision = "a1108"
down_revision = "a1107"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index("ix_labels_name", table_name="labels", schema="tags")
    op.drop_constraint("uq_labels_name_site_id", "labels", schema="tags")
    op.create_index(None, "labels", ["name"], unique=True, schema="tags")
    with op.batch_alter_table("operators", schema=None) as batch_op:
        batch_op.drop_column("login_nonce")


def downgrade():
    conn = op.get_bind()
    op.rename_table("operators", "operators_tmp")
    op.add_column("operators_tmp", sa.Column("login_nonce", sa.Integer()))
    conn.execute(sa.text("UPDATE operators_tmp SET login_nonce = 0"))
    op.create_table(
        "operators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("login_nonce", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    conn.execute(sa.text("INSERT INTO operators SELECT id, login_nonce FROM operators_tmp"))
    op.drop_table("operators_tmp")
    op.create_unique_constraint(None, "labels", ["name", "site_id"], schema="tags")
    op.create_index(None, "labels", ["name"], schema="tags")
