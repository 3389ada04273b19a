"""Fake application package for the MRT024 fixtures (`from app.models import ...`). Not a migration."""
