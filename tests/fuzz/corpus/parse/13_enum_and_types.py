from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "13a"
down_revision = "12f"

status = postgresql.ENUM("new", "done", name="status")


def upgrade():
    status.create(op.get_bind(), checkfirst=True)
    op.add_column("jobs", sa.Column("status", status, nullable=False, server_default="new"))
    op.create_foreign_key("fk_jobs_user", "jobs", "users", ["user_id"], ["id"], ondelete="CASCADE")
    op.create_check_constraint("ck_positive", "jobs", sa.column("n") > 0)
    op.bulk_insert(sa.table("jobs", sa.column("n")), [{"n": 1}, {"n": 2}])


def downgrade():
    op.drop_constraint("fk_jobs_user", "jobs", type_="foreignkey")
    op.drop_column("jobs", "status")
    status.drop(op.get_bind())
