# Not used by the tests (they never run Alembic); present so the fixture looks like a real Alembic project.
from alembic import context

config = context.config
