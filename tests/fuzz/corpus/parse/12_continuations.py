from alembic import op
import sqlalchemy as sa

revision = \
    "12f"
down_revision = "11e"


def upgrade():
    op.alter_column("users", "email",
                    existing_type=sa.String(255),
                    nullable=True,
                    ); op.execute("SELECT 1"); x = [
        1, 2,
        3]
    if x and \
       x:
        op.rename_table("a", "b")


def downgrade():
    op.rename_table("b", "a")
