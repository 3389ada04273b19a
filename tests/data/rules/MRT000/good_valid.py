"""a valid migration with the constructs the lexer must get right

Revision ID: a000g
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a000g"
down_revision = None

SQL = (
    "UPDATE users SET note = 'it''s' "
    'WHERE id = 1'
)


def upgrade():
    name = "users"
    op.execute(SQL)
    print(f"{name}: a {{literal}} brace, {f'{name!r:>{10}}'}")
    op.execute(r"""SELECT '\d' -- raw, triple-quoted""")
    op.add_column(
        "users",
        sa.Column("nickname", sa.String(50)),
    )


def downgrade():
    op.drop_column("users", "nickname")
