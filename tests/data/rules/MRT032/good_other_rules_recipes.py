"""the recipes of MRT008 and MRT014 are bounded by what this revision did

Revision ID: a032r
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a032r"
down_revision = None


def upgrade():
    op.alter_column("users", "email", existing_type=sa.String(255), nullable=True)
    op.execute("CREATE TABLE sessions_backup AS SELECT * FROM sessions WHERE expires_at < now()")
    op.execute("DELETE FROM sessions WHERE expires_at < now()")


def downgrade():
    # only rows written since the deploy can be NULL: the clean-up before re-tightening (MRT008)
    op.execute("UPDATE users SET email = 'unknown+' || id || '@example.invalid' WHERE email IS NULL")
    op.alter_column("users", "email", existing_type=sa.String(255), nullable=False)
    # copying back this revision's backup (MRT014)
    op.execute("INSERT INTO sessions SELECT * FROM sessions_backup")
    op.execute("DROP TABLE sessions_backup")
