"""An application outside the project root of layout_stop/project (MRT024 fixture). Not a migration."""
