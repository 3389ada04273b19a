"""Helpers beside the versions folder: a module of the project (MRT024 fixture). Not a migration."""


def frozen_copy():
    return 1
