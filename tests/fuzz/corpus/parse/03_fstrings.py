from alembic import op

revision = "3c"
down_revision = "2b"
TABLES = ["a", "b"]


def upgrade():
    for t in TABLES:
        op.execute(f"ALTER TABLE {t} ADD COLUMN note TEXT DEFAULT '{t!r}'")
        op.execute(f"UPDATE {t} SET note = {f'{t["x"]}'} WHERE id > {10:>{4}}")
    op.execute(f"""
        COMMENT ON TABLE users IS '{{literal braces}} {", ".join([
            'x',  # a comment inside the field
            'y',
        ])}'
    """)


def downgrade():
    for t in TABLES:
        op.drop_column(t, "note")
