"""new table, new column

Revision ID: s2106
Revises: s2105
"""
from alembic import op
import sqlalchemy as sa

revision = "s2106"
down_revision = "s2105"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("tags", sa.Column("id", sa.Integer, primary_key=True), sa.Column("label", sa.String(50)))
    op.alter_column("tags", "label", nullable=False)
    op.add_column("users", sa.Column("nickname", sa.String(50), nullable=True))
    op.execute("UPDATE users SET nickname = name WHERE nickname IS NULL")
    op.alter_column("users", "nickname", nullable=False)
    op.execute("ALTER TABLE tags ALTER COLUMN id SET NOT NULL")
    op.execute(
        "ALTER TABLE users ADD COLUMN score integer; UPDATE users SET score = 0 WHERE id < 100;"
        "ALTER TABLE users ALTER COLUMN score SET NOT NULL"
    )


def downgrade():
    op.drop_column("users", "score")
    op.drop_column("users", "nickname")
    op.drop_table("tags")
