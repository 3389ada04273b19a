"""merge heads

Revision ID: 5e
Revises: 4d, 4x
"""
revision = '5e'
down_revision = ('4d', '4x')
branch_labels = ('main',)
depends_on = ['1a2b3c4d5e6f']


def upgrade():
    pass


def downgrade():
    ...
