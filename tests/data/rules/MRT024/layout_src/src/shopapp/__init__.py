"""Fake src-layout application package (MRT024 fixture). Not a migration."""
