from alembic import op
import sqlalchemy as sa

revision = "8b"
down_revision = "7a"

def upgrade():
	op.add_column("t", sa.Column("c", sa.Integer()))
	if True:
		op.execute("SELECT 1")

def downgrade():
	op.drop_column("t", "c")
