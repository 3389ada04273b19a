"""Alembic environment that runs only on a connection handed over by the caller.

This is the "sharing a connection" recipe: the program that drives Alembic opens the connection and puts it in
config.attributes["connection"]; sqlalchemy.url is never read here.
"""
from logging.config import fileConfig

from alembic import context

config = context.config

if config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = None


def run_migrations_online():
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("this project needs config.attributes['connection'] (it never reads sqlalchemy.url)")
    context.configure(connection=connection, target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("offline mode is not supported by this project")
run_migrations_online()
