# A helper module, not an Alembic revision: a directory holding only this has no migrations.
def table_names():
    return ["users", "orders"]
