"""sqlite batch changes"""
from alembic import op
import sqlalchemy as sa

revision = "b47c0de00001"
down_revision = "a1"


def upgrade():
    with op.batch_alter_table("accounts", schema="billing") as batch_op:
        batch_op.add_column(sa.Column("iban", sa.String(34), nullable=True))
        batch_op.drop_column("swift")
        batch_op.create_index("ix_accounts_iban", ["iban"], unique=True)

    with op.batch_alter_table(table_name="users", recreate="always") as b:
        b.alter_column(
            "email",
            existing_type=sa.String(255),
            nullable=False,
        )

    # the batch name is not a batch any more after the block
    op.drop_column("users", "nickname")

    with op.batch_alter_table("tags") as bop, op.get_context().autocommit_block():
        bop.drop_constraint("uq_tags_name", type_="unique")


def downgrade():
    with op.batch_alter_table("tags") as bop:
        bop.create_unique_constraint("uq_tags_name", ["name"])
    with op.batch_alter_table("users") as b:
        b.alter_column("email", existing_type=sa.String(255), nullable=True)
    with op.batch_alter_table("accounts", schema="billing") as batch_op:
        batch_op.add_column(sa.Column("swift", sa.String(11)))
        batch_op.drop_index("ix_accounts_iban")
        batch_op.drop_column("iban")
