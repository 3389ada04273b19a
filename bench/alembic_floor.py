#!/usr/bin/env python3
"""The floor of the `mrt verify` benchmark: the least any tool must do to round-trip every revision with Alembic.

    alembic_floor.py ALEMBIC_INI [--name SECTION] [--keep-db] [--json] [--reload-scripts]

One Python process, one Config, one ScriptDirectory (every revision file imported once), a fresh SQLite temp file,
and for every revision r in topological order (the order `mrt verify` walks, parents before children):

    upgrade r → downgrade to r's parent (or base) → upgrade r

through alembic.command.upgrade/downgrade, with no seeding, no introspection and no comparison. Prints the seconds of
the walk (after the one-time loading, which is timed apart) and the number of revisions.

Why the ScriptDirectory is shared: alembic.command.upgrade() builds a new ScriptDirectory from the Config on every
call, and a new ScriptDirectory imports every revision file again, which makes a per-revision loop quadratic. The
floor therefore makes ScriptDirectory.from_config() return the one loaded instance for this Config, exactly as the
runner of `mrt verify` keeps one ScriptDirectory for the whole run (--reload-scripts leaves Alembic alone, to show
what that costs). Everything else is stock Alembic: env.py runs for each command and builds its engine from
sqlalchemy.url as `alembic init` writes it.

A merge revision is downgraded to its first parent (Alembic then unapplies only the merge); the benchmark chain is
linear, so this does not come up there.
"""
import argparse
import json
import os
import sys
import tempfile
import time


def main():
    ap = argparse.ArgumentParser(description="Plain-Alembic floor for the mrt verify benchmark.")
    ap.add_argument("alembic_ini", help="the project's alembic.ini")
    ap.add_argument("--name", default="alembic", help="ini section (alembic -n), default alembic")
    ap.add_argument("--keep-db", action="store_true", help="leave the SQLite file behind (its path is printed)")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    ap.add_argument("--reload-scripts", action="store_true",
                    help="let every command load a new ScriptDirectory (stock command.upgrade: quadratic)")
    a = ap.parse_args()

    t_load = time.perf_counter()
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    ini = os.path.abspath(a.alembic_ini)
    os.chdir(os.path.dirname(ini))
    fd, path = tempfile.mkstemp(prefix="mrt_floor_", suffix=".db")
    os.close(fd)
    try:
        cfg = Config(ini, ini_section=a.name)
        cfg.set_main_option("sqlalchemy.url", "sqlite:///" + path)
        script = ScriptDirectory.from_config(cfg)
        original = ScriptDirectory.from_config.__func__

        def from_config(cls, config):
            return script if config is cfg else original(cls, config)

        if not a.reload_scripts:
            ScriptDirectory.from_config = classmethod(from_config)
        revs = list(script.walk_revisions("base", "heads"))
        revs.reverse()  # topological: bases first
        load_s = time.perf_counter() - t_load

        t0 = time.perf_counter()
        for sc in revs:
            down = sc.down_revision  # None, a revision id, or a tuple of them (a merge)
            target = (down[0] if isinstance(down, (tuple, list)) else down) or "base"
            command.upgrade(cfg, sc.revision)
            command.downgrade(cfg, target)
            command.upgrade(cfg, sc.revision)
        walk_s = time.perf_counter() - t0
    finally:
        if not a.keep_db:
            for suffix in ("", "-journal", "-wal", "-shm"):
                try:
                    os.unlink(path + suffix)
                except FileNotFoundError:
                    pass

    if a.json:
        print(json.dumps({"revisions": len(revs), "seconds": walk_s, "load_seconds": load_s}))
    else:
        print("floor: %d revisions, walk %.3f s (%.2f ms/revision), loading %.3f s%s"
              % (len(revs), walk_s, 1000.0 * walk_s / max(1, len(revs)), load_s,
                 " (kept %s)" % path if a.keep_db else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
