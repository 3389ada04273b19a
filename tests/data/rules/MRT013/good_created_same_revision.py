"""enum types created in this revision

Revision ID: e1305
Revises: e1304
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "e1305"
down_revision = "e1304"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE TYPE mood AS ENUM ('happy', 'sad')")
    op.execute("ALTER TYPE mood ADD VALUE 'calm'")
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("color", sa.Enum("red", "green", name="color")),
    )
    op.execute("ALTER TYPE color ADD VALUE 'blue'")
    op.alter_column(
        "tickets",
        "color",
        type_=sa.Enum("red", "green", "blue", "white", name="color"),
        existing_type=sa.Enum("red", "green", "blue", name="color"),
    )


def downgrade():
    op.drop_table("tickets")
    op.execute("DROP TYPE color")
    op.execute("DROP TYPE mood")
