"""fixture d805

Revision ID: d805
Revises: d804
"""
from alembic import op
import sqlalchemy as sa

revision = "d805"
down_revision = "d804"
branch_labels = None
depends_on = None


def upgrade():
    op.alter_column("users", "email", existing_type=sa.String(255), nullable=True)
    op.drop_constraint("uq_users_email", "users", type_="unique")


def downgrade():
    op.execute("UPDATE users SET email = 'unknown+' || id || '@example.invalid' WHERE email IS NULL")
    op.alter_column("users", "email", existing_type=sa.String(255), nullable=False)
    op.execute(
        "DELETE FROM users u USING users d WHERE u.email = d.email AND u.id > d.id"
    )
    op.create_unique_constraint("uq_users_email", "users", ["email"])


def upgrade_forms():
    op.execute("""
        ALTER TABLE "forms" DROP CONSTRAINT "ck_forms_valid_mode";
        ALTER TABLE "forms" ADD CONSTRAINT "ck_forms_valid_mode" CHECK ((mode = ANY (ARRAY[1, 2, 3, 4])));
        ALTER TABLE "forms" ALTER COLUMN "title" DROP NOT NULL;
    """)


def downgrade_forms():
    # the clean-up and the re-tightening in one execute(): the earlier statements count
    op.execute("""
        UPDATE "forms" SET mode = 3 WHERE mode = 4;
        ALTER TABLE "forms" DROP CONSTRAINT "ck_forms_valid_mode";
        ALTER TABLE "forms" ADD CONSTRAINT "ck_forms_valid_mode" CHECK ((mode = ANY (ARRAY[1, 2, 3])));
        UPDATE "forms" SET title = '' WHERE title IS NULL;
        ALTER TABLE "forms" ALTER COLUMN "title" SET NOT NULL;
    """)
