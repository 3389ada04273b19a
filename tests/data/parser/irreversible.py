"""drop the old reports table"""
from alembic import op

revision = "dead0001"
down_revision = None


def upgrade():
    op.drop_table("reports")


def downgrade():
    """Data cannot come back."""
    raise NotImplementedError("reports are gone for good")


def downgrade_other():
    if True:
        raise RuntimeError("only on sqlite")
    op.create_table("reports")


def downgrade_plain():
    raise NotImplementedError
