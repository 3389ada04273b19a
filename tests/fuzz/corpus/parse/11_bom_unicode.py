# -*- coding: utf-8 -*-
"""Ajout de la table café"""
from alembic import op
import sqlalchemy as sa

revision = "11e"
down_revision = "10d"


def upgrade():
    café = "naïve — 😀"
    op.create_table("café", sa.Column("nom", sa.Unicode(50)))
    op.execute("INSERT INTO café VALUES ('\u00e9\N{EM DASH}')")


def downgrade():
    op.drop_table("café")
