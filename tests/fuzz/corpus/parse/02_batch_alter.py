from alembic import op
import sqlalchemy as sa

revision = "2b"
down_revision = "1a2b3c4d5e6f"


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("age", sa.Integer(), nullable=True))
        batch_op.alter_column("email", existing_type=sa.String(255), type_=sa.Text())
        batch_op.create_unique_constraint("uq_users_age", ["age"])


def downgrade():
    with op.batch_alter_table("users") as b:
        b.drop_constraint("uq_users_age", type_="unique")
        b.drop_column("age")
