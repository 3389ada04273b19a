"""indexes of tables created in this revision

Revision ID: i1804
Revises: i1803
"""
from alembic import op
import sqlalchemy as sa

revision = "i1804"
down_revision = "i1803"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("tokens", sa.Column("id", sa.Integer, primary_key=True), sa.Column("value", sa.String(64)))
    op.create_index("ix_tokens_value", "tokens", ["value"])
    op.execute("CREATE TABLE audit (id INT, at timestamp); CREATE INDEX ix_audit_at ON audit (at)")
    with op.batch_alter_table("tokens") as batch_op:
        batch_op.create_index("ix_tokens_id_value", ["id", "value"])
    op.create_index("ix_tmp", "tokens", ["id"])
    op.drop_index("ix_tmp", table_name="tokens")


def downgrade():
    op.drop_index("ix_audit_at", table_name="audit")
    op.drop_index("ix_tokens_value", table_name="tokens")
    op.drop_table("audit")
    op.drop_table("tokens")
    op.create_table("scratch", sa.Column("id", sa.Integer))
    op.create_index("ix_scratch_id", "scratch", ["id"])
    op.execute("CREATE INDEX ix_scratch_id2 ON scratch (id); DROP INDEX ix_scratch_id2")
