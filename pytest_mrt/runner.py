"""pytest_mrt.runner — the Python half of ``mrt verify``: one process that imports Alembic once and obeys commands.

Usage::

    python -m pytest_mrt.runner --alembic-ini PATH [--url URL | --url-env VAR] [--name SECTION] [--cwd DIR]

``--url-env VAR`` reads the URL from the environment variable VAR (the C client uses it, so credentials never show
in process listings).

Protocol (version 1): line-delimited JSON, one request per line, one answer per request, in order.

* Channels: at start the process duplicates its stdin and stdout to private descriptors and uses only those for the
  protocol; fd 0 then reads /dev/null and fd 1 is redirected to stderr, so a migration that prints (or reads stdin)
  cannot corrupt the protocol.
* Greeting: before reading any request the runner writes one line,
  ``{"ok":true,"hello":"pytest_mrt.runner","protocol":1,"pid":N,"python":"3.x","alembic":"1.x","sqlalchemy":"2.x"}``,
  or ``{"ok":false,"hello":...,"type":...,"error":...,"traceback":...}`` when Alembic cannot be imported or the
  configuration cannot be loaded; it then exits with status 2.
* Requests (each may carry an ``"id"``, echoed back in the answer):

  ``{"cmd":"graph"}``
      ``{"revisions":[{"revision","down_revisions","branch_labels","depends_on","path","doc"}...],
      "heads":[...],"bases":[...]}``; revisions are in topological order, bases first.
  ``{"cmd":"upgrade","rev":"abc"}``
      any Alembic target: a revision, ``"heads"``, ``"abc@+1"``, ``"branch@head"``...
  ``{"cmd":"downgrade","target":"..."}``
      any Alembic target: ``"base"``, ``"abc"``, ``"abc@-1"``... (``"rev"`` is accepted as a synonym).
  ``{"cmd":"stamp","rev":"..." | [...], "purge":false}``
  ``{"cmd":"current"}``
      ``{"current":[...revisions applied...]}``
  ``{"cmd":"sql","sql":"SELECT ..."}``
      ``{"columns":[...],"rows":[[...],...]}`` (``rows`` is null for statements that return none). For tests.
  ``{"cmd":"ping"}``
      ``{}``
  ``{"cmd":"quit"}``
      answers, then exits with status 0.  End of input also ends the process (status 0).

* Every answer has ``"ok"`` (bool) and ``"duration"`` (seconds, float).  A failure has
  ``{"ok":false,"type":"NotImplementedError","error":"message","traceback":"..."}`` and the runner keeps serving;
  a malformed request gets type ``"ProtocolError"``.  Passwords of database URLs never appear in any answer.

Database: one Engine per run (NullPool: every command opens a fresh connection, so another process may replace or
inspect the database between commands).  Each command runs as::

    with engine.begin() as conn:
        config.attributes["connection"] = conn
        <alembic command>

and the ``sqlalchemy.url`` main option is set to the same URL, so both ways users write env.py work: the generic
``alembic init`` env.py (``engine_from_config``) and the one that uses ``config.attributes.get("connection")``.
The Config and the ScriptDirectory are loaded once: revision files are imported once per process, never per step.
"""

from __future__ import annotations

import argparse
import datetime
import decimal
import json
import os
import re
import sys
import time
import traceback
import uuid

PROTOCOL_VERSION = 1
HELLO = "pytest_mrt.runner"

_URL_PASSWORD_RE = re.compile(r"(?P<pre>\b[A-Za-z][A-Za-z0-9+.\-]*://[^:/@\s]*:)(?P<pw>[^@\s]*)@")


class ProtocolError(Exception):
    """A request the runner cannot understand."""


class Masker:
    """Removes database passwords from any text before it leaves the process."""

    def __init__(self, urls=()):
        self.secrets = []
        for url in urls:
            if not url:
                continue
            pw = None
            try:
                from sqlalchemy.engine import make_url

                pw = make_url(url).password
            except Exception:  # not a URL SQLAlchemy understands: fall back to the regex
                m = _URL_PASSWORD_RE.search(url)
                pw = m.group("pw") if m else None
            if pw:
                pw = str(pw)
                self.secrets.append(pw)
                try:
                    from urllib.parse import quote, quote_plus

                    for enc in (quote(pw, safe=""), quote_plus(pw)):
                        if enc != pw:
                            self.secrets.append(enc)
                except Exception:
                    pass
        # longest first, so an encoded form is not half-replaced by its decoded prefix
        self.secrets.sort(key=len, reverse=True)

    def __call__(self, text):
        if text is None:
            return None
        text = _URL_PASSWORD_RE.sub(lambda m: m.group("pre") + "***@", str(text))
        for s in self.secrets:
            # a very short password would mangle ordinary words; the URL pattern above covers URLs
            if len(s) >= 4:
                text = text.replace(s, "***")
        return text


def _jsonable(v):
    """One database value as JSON: numbers and strings as they are, the rest as text."""
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, float):
        if v != v or v in (float("inf"), float("-inf")):
            return repr(v)
        return v
    if isinstance(v, decimal.Decimal):
        return str(v)
    if isinstance(v, (bytes, bytearray, memoryview)):
        return bytes(v).hex()
    if isinstance(v, (datetime.date, datetime.time, datetime.datetime)):
        return v.isoformat()
    if isinstance(v, uuid.UUID):
        return str(v)
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    return str(v)


def _as_list(v):
    if v is None:
        return []
    if isinstance(v, (list, tuple, set, frozenset)):
        return [str(x) for x in v]
    return [str(v)]


# Default drivers SQLAlchemy picks for a bare dialect name, and what to try when that one is not installed
# (SQLAlchemy 2.1 maps postgresql:// to psycopg 3, many environments only have psycopg2).
_FALLBACK_DRIVERS = {
    "postgresql": (("psycopg2", "psycopg2"), ("psycopg", "psycopg"), ("pg8000", "pg8000")),
    "mysql": (("pymysql", "pymysql"), ("mysqldb", "MySQLdb"), ("mysqlconnector", "mysql.connector")),
    "mariadb": (("pymysql", "pymysql"), ("mysqldb", "MySQLdb"), ("mysqlconnector", "mysql.connector")),
}


def usable_url(url):
    """url, or the same URL with an installed driver when it names none and SQLAlchemy's default is missing."""
    if not url:
        return url
    try:
        import importlib.util

        from sqlalchemy.engine import make_url

        u = make_url(url)
        if "+" in u.drivername or u.drivername not in _FALLBACK_DRIVERS:
            return url
        dialect = u.get_dialect()
        load = getattr(dialect, "import_dbapi", None) or getattr(dialect, "dbapi")
        try:
            load()
            return url
        except ImportError:
            pass
        for driver, module in _FALLBACK_DRIVERS[u.drivername]:
            if importlib.util.find_spec(module) is not None:
                return u.set(drivername="%s+%s" % (u.drivername, driver)).render_as_string(hide_password=False)
    except Exception:
        pass
    return url


def _target(req, *keys):
    for k in keys:
        if k in req:
            v = req[k]
            if not isinstance(v, str) or not v:
                raise ProtocolError("'%s' must be a non-empty string" % k)
            if ":" in v:
                raise ProtocolError("range revision '%s' not allowed (give one target)" % v)
            return v
    raise ProtocolError("request '%s' needs '%s'" % (req.get("cmd"), keys[0]))


class Runner:
    """Alembic driven in-process: one Config, one ScriptDirectory, one Engine."""

    def __init__(self, alembic_ini, url=None, name="alembic"):
        from alembic.config import Config
        from alembic.script import ScriptDirectory

        if not os.path.isfile(alembic_ini):
            raise FileNotFoundError("no such file: %s" % alembic_ini)
        self.config = Config(alembic_ini, ini_section=name or "alembic")
        url = usable_url(url)
        if url:
            # ConfigParser interpolation: a literal '%' (URL-encoded passwords) must be doubled
            self.config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
        else:
            url = usable_url(self.config.get_main_option("sqlalchemy.url"))
            if url:
                self.config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
        self.url = url
        self.config.attributes["mrt_runner"] = True
        self.script = ScriptDirectory.from_config(self.config)
        self._engine = None

    # -- database ---------------------------------------------------------------------------------------------
    @property
    def engine(self):
        if self._engine is None:
            import sqlalchemy
            from sqlalchemy.pool import NullPool

            if not self.url:
                raise ValueError("no database URL: pass --url or set sqlalchemy.url in the ini file")
            self._engine = sqlalchemy.create_engine(self.url, poolclass=NullPool)
        return self._engine

    def close(self):
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def _run_env(self, fn, **kw):
        """Runs env.py once with fn as the migration function, on a fresh connection shared through attributes."""
        from alembic.runtime.environment import EnvironmentContext

        with self.engine.begin() as conn:
            self.config.attributes["connection"] = conn
            try:
                with EnvironmentContext(self.config, self.script, fn=fn, **kw):
                    self.script.run_env()
            finally:
                self.config.attributes.pop("connection", None)

    # -- commands ---------------------------------------------------------------------------------------------
    def cmd_graph(self, req):
        revs = list(self.script.walk_revisions("base", "heads"))
        revs.reverse()
        out = []
        for sc in revs:
            labels = getattr(sc, "_orig_branch_labels", None)
            if labels is None:
                labels = sc.branch_labels
            out.append(
                {
                    "revision": sc.revision,
                    "down_revisions": _as_list(sc.down_revision),
                    "branch_labels": sorted(_as_list(labels)),
                    "depends_on": _as_list(sc.dependencies),
                    "path": os.path.abspath(sc.path) if sc.path else None,
                    "doc": sc.doc,
                }
            )
        return {
            "revisions": out,
            "heads": list(self.script.get_heads()),
            "bases": list(self.script.get_bases()),
        }

    def cmd_upgrade(self, req):
        target = _target(req, "rev", "target")
        script = self.script
        self._run_env(lambda rev, ctx: script._upgrade_revs(target, rev), destination_rev=target)
        return {}

    def cmd_downgrade(self, req):
        target = _target(req, "target", "rev")
        script = self.script
        self._run_env(lambda rev, ctx: script._downgrade_revs(target, rev), destination_rev=target)
        return {}

    def cmd_stamp(self, req):
        revs = req.get("rev", req.get("target"))
        if isinstance(revs, str):
            revs = [revs]
        if not isinstance(revs, list) or not revs or not all(isinstance(r, str) and r for r in revs):
            raise ProtocolError("'stamp' needs 'rev': a revision or a list of revisions")
        purge = req.get("purge", False)
        if not isinstance(purge, bool):
            raise ProtocolError("'purge' must be true or false")
        dest = tuple(revs)
        script = self.script
        self._run_env(lambda rev, ctx: script._stamp_revs(dest, rev), destination_rev=dest, purge=purge)
        return {}

    def cmd_current(self, req):
        found = []

        def current(rev, ctx):
            found.extend(ctx.get_current_heads())
            return []

        self._run_env(current, dont_mutate=True)
        return {"current": list(found)}

    def cmd_sql(self, req):
        sql = req.get("sql")
        if not isinstance(sql, str) or not sql.strip():
            raise ProtocolError("'sql' needs a non-empty 'sql' string")
        with self.engine.begin() as conn:
            res = conn.exec_driver_sql(sql)
            if not res.returns_rows:
                return {"columns": [], "rows": None}
            cols = [str(c) for c in res.keys()]
            rows = [[_jsonable(v) for v in row] for row in res]
        return {"columns": cols, "rows": rows}

    def cmd_ping(self, req):
        return {}


COMMANDS = {
    "graph": Runner.cmd_graph,
    "upgrade": Runner.cmd_upgrade,
    "downgrade": Runner.cmd_downgrade,
    "stamp": Runner.cmd_stamp,
    "current": Runner.cmd_current,
    "sql": Runner.cmd_sql,
    "ping": Runner.cmd_ping,
}


def _error(exc, mask, with_traceback=True):
    ans = {"ok": False, "type": type(exc).__name__, "error": mask(str(exc)) or type(exc).__name__}
    if with_traceback:
        ans["traceback"] = mask("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    return ans


def handle(runner, line, mask):
    """One request line (bytes or str) → (answer dict, quit flag). Never raises (but KeyboardInterrupt)."""
    t0 = time.perf_counter()
    req_id = None
    has_id = False
    quit_ = False
    try:
        try:
            req = json.loads(line)
        except ValueError as e:
            raise ProtocolError("request is not JSON: %s" % e)
        if not isinstance(req, dict):
            raise ProtocolError("request must be a JSON object")
        if "id" in req:
            req_id, has_id = req["id"], True
        cmd = req.get("cmd")
        if not isinstance(cmd, str):
            raise ProtocolError("request needs a 'cmd' string")
        if cmd == "quit":
            ans = {"ok": True}
            quit_ = True
        else:
            fn = COMMANDS.get(cmd)
            if fn is None:
                raise ProtocolError("unknown command '%s'" % cmd)
            ans = {"ok": True}
            ans.update(fn(runner, req))
    except ProtocolError as e:
        ans = _error(e, mask, with_traceback=False)
    except (Exception, SystemExit) as e:  # a migration's sys.exit() must not end the runner
        ans = _error(e, mask)
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except Exception:
            pass
    ans["duration"] = time.perf_counter() - t0
    if has_id:
        ans["id"] = req_id
    return ans, quit_


def _send(wfile, obj):
    data = (json.dumps(obj, default=str, ensure_ascii=False) + "\n").encode("utf-8", "replace")
    wfile.write(data)
    wfile.flush()


def serve(runner, rfile, wfile, mask):
    """Reads requests from rfile (binary, line by line) until quit or end of input; answers on wfile."""
    while True:
        line = rfile.readline()
        if not line:
            return 0
        if not line.strip():
            continue
        ans, quit_ = handle(runner, line, mask)
        _send(wfile, ans)
        if quit_:
            return 0


def _take_channels():
    """Moves the protocol to private descriptors; fd 0 ← /dev/null, fd 1 → stderr."""
    try:
        sys.stdout.flush()
    except Exception:
        pass
    in_fd = os.dup(0)
    out_fd = os.dup(1)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.dup2(2, 1)
    return os.fdopen(in_fd, "rb"), os.fdopen(out_fd, "wb")


def _versions():
    out = {"python": "%d.%d.%d" % sys.version_info[:3]}
    for mod in ("alembic", "sqlalchemy"):
        try:
            out[mod] = __import__(mod).__version__
        except Exception:
            out[mod] = None
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m pytest_mrt.runner", description=__doc__.split("\n")[0])
    ap.add_argument("--alembic-ini", required=True, help="path of alembic.ini")
    ap.add_argument("--url", default=None, help="database URL (overrides sqlalchemy.url)")
    ap.add_argument("--url-env", default=None, metavar="VAR", help="read the database URL from environment variable VAR")
    ap.add_argument("--name", default="alembic", help="ini section (alembic -n)")
    ap.add_argument("--cwd", default=None,
                    help="working directory for env.py (default: the directory of alembic.ini)")
    args = ap.parse_args(argv)

    if args.url is None and args.url_env:
        args.url = os.environ.pop(args.url_env, None) or None
    rfile, wfile = _take_channels()
    mask = Masker([args.url])
    hello = {"hello": HELLO, "protocol": PROTOCOL_VERSION, "pid": os.getpid()}
    ini = os.path.abspath(args.alembic_ini)
    try:
        os.chdir(args.cwd if args.cwd else os.path.dirname(ini))
        runner = Runner(ini, args.url, args.name)
        mask = Masker([args.url, runner.url])
    except BaseException as e:  # noqa: B902 — report anything, then exit
        ans = _error(e, mask)
        ans.update(hello)
        ans.update(_versions())
        _send(wfile, ans)
        return 2
    ans = {"ok": True}
    ans.update(hello)
    ans.update(_versions())
    _send(wfile, ans)
    try:
        return serve(runner, rfile, wfile, mask)
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
    finally:
        runner.close()


if __name__ == "__main__":
    sys.exit(main())
