"""Fake application package for the MRT024 fixtures: the project walk finds `myapp/` beside them. Not a migration."""
