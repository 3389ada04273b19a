"""merge heads

Revision ID: 9999
Revises: 1111, 2222
"""
revision = '9999'
down_revision = ('1111', '2222')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    ...


def upgrade_data():
    """Nothing to do: a merge point."""


def downgrade_data():
    """Nothing to do."""
    pass
