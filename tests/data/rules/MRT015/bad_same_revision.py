"""cascade keys and batch in one revision

Revision ID: s1501
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "s1501"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "memberships",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    )
    with op.batch_alter_table("users") as batch_op:
        batch_op.alter_column("email", existing_type=sa.String(100), type_=sa.String(255))  # HIT
        batch_op.add_column(sa.Column("nickname", sa.String(50)))
        batch_op.drop_constraint("uq_users_name")
    op.create_table(
        "invoices",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("account_id", sa.Integer),
        sa.ForeignKeyConstraint(["account_id"], ["main.accounts.id"], ondelete="cascade"),
    )
    with op.batch_alter_table("accounts", schema="main") as batch_op:
        batch_op.add_column(sa.Column("vat", sa.String(20)))  # HIT
    op.create_foreign_key("fk_notes_doc", "notes", "documents", ["doc_id"], ["id"], ondelete="CASCADE")
    with op.batch_alter_table("documents") as b:
        b.create_index("ix_documents_title", ["title"])  # HIT
    op.execute("CREATE TABLE tags (id INTEGER PRIMARY KEY, project_id INTEGER REFERENCES projects (id) ON DELETE CASCADE)")
    with op.batch_alter_table("projects") as b:
        b.drop_column("budget")  # HIT
    op.get_bind().execute(sa.text(
        "ALTER TABLE comments ADD COLUMN post_id INTEGER REFERENCES \"posts\" ON UPDATE NO ACTION ON DELETE CASCADE"
    ))
    with op.batch_alter_table("posts") as b:
        b.alter_column("title", nullable=False)  # HIT


def downgrade():
    pass
