"""fixture: (1) a check constraint over new columns goes away when the downgrade drops those columns; (2) the same
columns added and dropped through a loop variable (the table is not known statically, but it is the same variable).

Revision ID: a1110
Revises: a1109
"""
from alembic import op
import sqlalchemy as sa

revision = "a1110"
down_revision = "a1109"
branch_labels = None
depends_on = None

question_tables = ("abstract_questions", "paper_questions")


def upgrade():
    op.add_column("profiles", sa.Column("avatar", sa.LargeBinary(), nullable=True), schema="accounts")
    op.add_column("profiles", sa.Column("avatar_meta", sa.JSON(), nullable=True), schema="accounts")
    op.create_check_constraint("valid_avatar", "profiles", "(avatar IS NULL) = (avatar_meta IS NULL)",
                               schema="accounts")
    for table in question_tables:
        op.add_column(table, sa.Column("field_type", sa.String(), nullable=False, server_default="rating"))
    mode_inheriting = 0
    op.add_column("folders", sa.Column("sync_mode", sa.Integer(), nullable=False, server_default="0"))
    op.create_check_constraint("root_not_inheriting_sync", "folders", f"(id != 0) OR (sync_mode != {mode_inheriting})")
    op.add_column("members", sa.Column("nickname", sa.String(), nullable=True))
    op.create_index(op.f("ix_members_nickname_lower"), "members", [sa.text("lower(nickname)")], postgresql_using="gin")
    op.execute('DROP INDEX "crm"."ix_contacts_email"')
    for col in ("agent", "agent_version"):
        op.add_column("audit", sa.Column(col, sa.String(), nullable=True))


def downgrade():
    for col in ("agent_version", "agent"):
        op.drop_column("audit", col)
    op.execute("CREATE INDEX ix_contacts_email ON crm.contacts (email)")
    op.drop_column("members", "nickname")
    op.drop_column("folders", "sync_mode")
    for table in question_tables:
        op.drop_column(table, "field_type")
    op.drop_column("profiles", "avatar_meta", schema="accounts")
    op.drop_column("profiles", "avatar", schema="accounts")
