from alembic import op

revision = "6f"
down_revision = "5e"


def upgrade():
    op.drop_column("users", "legacy")  # mrt: ignore[MRT010] reason: column unused since 2019


def downgrade():
    raise NotImplementedError("cannot restore dropped data")
