"""pytest-mrt: Migration Rollback Tester for Alembic (pytest plugin and runner)."""

__version__ = "0.1.0"
