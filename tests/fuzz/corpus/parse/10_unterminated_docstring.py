"""Revision ID: 10d
Revises: 9c

revision = "10d"
down_revision = "9c"

def upgrade():
    pass
