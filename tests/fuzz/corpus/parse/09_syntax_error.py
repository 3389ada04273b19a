from alembic import op

revision = "9c"
down_revision = "8b"


def upgrade():
    op.add_column("users", sa.Column("x", sa.Integer()
    op.execute("unterminated)


def downgrade()
    op.drop_column("users", "x")
  bad_dedent = $ ?
