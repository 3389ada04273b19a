"""Reference walk over the SQLite test projects: an independent, deliberately simple re-implementation of
`mrt verify` in Python, used to check that tests/alembic/expected.json (and README.md) say what really happens.

    /work/venv-dev/bin/python tests/alembic/oracle.py [PROJECT...]     # prints the verdicts as JSON

It drives the real runner (python -m pytest_mrt.runner) over its pipe protocol, seeds every table with ROWS rows
(every column non-NULL), snapshots the schema and the data with sqlite3, and compares them after
upgrade → downgrade, then upgrades again. It is not the product: it knows only SQLite, and its seeding is simple.

RunnerClient is also the helper the Python tests use to talk to the runner.
"""

from __future__ import annotations

import json
import os
import re
import select
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
ROWS = 3


class RunnerTimeout(Exception):
    pass


class RunnerDied(Exception):
    pass


class RunnerClient:
    """Talks to `python -m pytest_mrt.runner` over its stdin/stdout (the C client in core/runner.c does the same)."""

    def __init__(self, ini, url, python=None, extra_env=None, args=()):
        env = dict(os.environ)
        env["PYTHONPATH"] = SOURCE + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        env["MRT_RUNNER_URL"] = url
        env.update(extra_env or {})
        self.stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [python or sys.executable, "-m", "pytest_mrt.runner", "--alembic-ini", ini, "--url-env", "MRT_RUNNER_URL",
             *args],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr, env=env, start_new_session=True,
        )
        self._buf = b""
        self.hello = self._read(60)

    def _read(self, timeout):
        deadline = time.monotonic() + timeout if timeout else None
        fd = self.proc.stdout.fileno()
        while b"\n" not in self._buf:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            r, _, _ = select.select([fd], [], [], left)
            if not r:
                self.kill()
                raise RunnerTimeout("no answer within %s s" % timeout)
            chunk = os.read(fd, 65536)
            if not chunk:
                self.proc.wait(10)
                raise RunnerDied("runner exited with %s: %s" % (self.proc.returncode, self.stderr_text()[-2000:]))
            self._buf += chunk
        line, self._buf = self._buf.split(b"\n", 1)
        return json.loads(line)

    def call(self, timeout=120, **req):
        self.proc.stdin.write((json.dumps(req) + "\n").encode())
        self.proc.stdin.flush()
        return self._read(timeout)

    def raw(self, line, timeout=60):
        self.proc.stdin.write(line)
        self.proc.stdin.flush()
        return self._read(timeout)

    def stderr_text(self):
        self.stderr.seek(0)
        return self.stderr.read().decode("utf-8", "replace")

    def kill(self):
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc.wait(10)

    def close(self):
        if self.proc.poll() is None:
            try:
                self.call(timeout=10, cmd="quit")
                self.proc.wait(10)
            except Exception:
                self.kill()
        self.stderr.close()


# ---- seeding -------------------------------------------------------------------------------------------------

def _tables(db):
    return [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version' "
        "ORDER BY name")]


def _value(decl, table, col, i):
    """A non-NULL value for column col of row i, shaped by the declared type."""
    t = (decl or "").upper()
    m = re.search(r"\((\d+)(?:\s*,\s*(\d+))?\)", t)
    if "INT" in t:
        return 1000 + i
    if "NUMERIC" in t or "DECIMAL" in t:
        p, s = (int(m.group(1)), int(m.group(2) or 0)) if m else (10, 2)
        whole = int("9" * max(1, min(p - s, 6)))
        return float("%d.%s" % (whole - i, ("%d" % (10 ** s - 1 - i)).zfill(s))) if s else whole - i
    if "BOOL" in t:
        return i % 2
    if "DATETIME" in t or "TIMESTAMP" in t:
        return "2024-0%d-1%d 0%d:04:05.12345%d" % (i + 1, i, i, i)
    if t == "DATE":
        return "2024-0%d-1%d" % (i + 1, i)
    n = int(m.group(1)) if m else 60
    base = "%s-%s-%d-Ünïcødé" % (table, col, i)
    s = (base * (n // len(base) + 1))[:n] if i == 0 else base[:n]  # row 0: max length
    return s[:-len(str(i))] + str(i) if i == 0 and n > len(str(i)) else s


def seed(db, rows=ROWS):
    """Every table holds `rows` rows; every column of every row is non-NULL."""
    tables = _tables(db)
    # parents first (foreign keys)
    deps = {t: {r[2] for r in db.execute("PRAGMA foreign_key_list(%s)" % _q(t))} & set(tables) for t in tables}
    order, seen = [], set()

    def visit(t, stack=()):
        if t in seen or t in stack:
            return
        for d in sorted(deps[t]):
            visit(d, stack + (t,))
        seen.add(t)
        order.append(t)

    for t in tables:
        visit(t)
    for t in order:
        cols = db.execute("PRAGMA table_info(%s)" % _q(t)).fetchall()  # cid, name, type, notnull, dflt, pk
        fks = {r[3]: (r[2], r[4]) for r in db.execute("PRAGMA foreign_key_list(%s)" % _q(t))}
        have = db.execute("SELECT count(*) FROM %s" % _q(t)).fetchone()[0]
        for i in range(have, rows):
            vals = []
            for c in cols:
                if c[1] in fks:
                    ref_t, ref_c = fks[c[1]]
                    got = db.execute("SELECT %s FROM %s ORDER BY 1 LIMIT 1 OFFSET %d" %
                                     (_q(ref_c or "id"), _q(ref_t), i)).fetchone()
                    vals.append(got[0] if got else None)
                else:
                    vals.append(_value(c[2], t, c[1], i))
            db.execute("INSERT INTO %s (%s) VALUES (%s)" % (_q(t), ", ".join(_q(c[1]) for c in cols),
                                                           ", ".join("?" for _ in cols)), vals)
        # columns added after the rows were inserted: fill them by UPDATE
        for c in cols:
            for n, (rowid,) in enumerate(db.execute("SELECT rowid FROM %s WHERE %s IS NULL ORDER BY rowid" %
                                                    (_q(t), _q(c[1]))).fetchall()):
                db.execute("UPDATE %s SET %s = ? WHERE rowid = ?" % (_q(t), _q(c[1])),
                           (_value(c[2], t, c[1], n), rowid))
    db.commit()


def _q(name):
    return '"%s"' % name.replace('"', '""')


# ---- snapshot and compare ------------------------------------------------------------------------------------

def snapshot(db):
    snap = {}
    for t in _tables(db):
        cols = {c[1]: {"type": (c[2] or "").upper(), "notnull": bool(c[3]), "default": c[4]}
                for c in db.execute("PRAGMA table_info(%s)" % _q(t))}
        pk = [c[1] for c in sorted(db.execute("PRAGMA table_info(%s)" % _q(t)), key=lambda c: c[5]) if c[5]]
        indexes, uniques = {}, set()
        for _seq, name, unique, origin, _partial in db.execute("PRAGMA index_list(%s)" % _q(t)):
            cols_ = tuple(r[2] for r in db.execute("PRAGMA index_info(%s)" % _q(name)))
            if origin == "c":
                indexes[name] = (bool(unique), cols_)
            elif origin == "u":
                uniques.add(cols_)
        fks = {}
        for r in db.execute("PRAGMA foreign_key_list(%s)" % _q(t)):
            fks.setdefault(r[0], [r[2], [], []])
            fks[r[0]][1].append(r[3])
            fks[r[0]][2].append(r[4])
        fkset = {(ref, tuple(fc), tuple(tc)) for ref, fc, tc in fks.values()}
        rows = {}
        names = list(cols)
        for row in db.execute("SELECT %s FROM %s" % (", ".join(_q(n) for n in names), _q(t))):
            d = dict(zip(names, row))
            key = tuple(d[k] for k in pk) if pk else tuple(sorted(d.items()))
            rows[key] = d
        snap[t] = {"columns": cols, "pk": pk, "indexes": indexes, "uniques": uniques, "fks": fkset, "rows": rows}
    return snap


def compare(before, after):
    """Finding kinds (sorted, unique) between two snapshots, with details."""
    found = []
    for t in sorted(set(before) - set(after)):
        found.append(("table_missing", t))
    for t in sorted(set(after) - set(before)):
        found.append(("table_left_behind", t))
    for t in sorted(set(before) & set(after)):
        b, a = before[t], after[t]
        for c in sorted(set(b["columns"]) - set(a["columns"])):
            found.append(("column_missing", "%s.%s" % (t, c)))
        for c in sorted(set(a["columns"]) - set(b["columns"])):
            found.append(("column_left_behind", "%s.%s" % (t, c)))
        for c in sorted(set(b["columns"]) & set(a["columns"])):
            bc, ac = b["columns"][c], a["columns"][c]
            if bc["type"] != ac["type"]:
                found.append(("type_changed", "%s.%s %s -> %s" % (t, c, bc["type"], ac["type"])))
            if bc["notnull"] != ac["notnull"]:
                found.append(("nullability_changed", "%s.%s" % (t, c)))
            if bc["default"] != ac["default"]:
                found.append(("default_changed", "%s.%s %r -> %r" % (t, c, bc["default"], ac["default"])))
        for i in sorted(set(b["indexes"]) - set(a["indexes"])):
            found.append(("index_missing", i))
        for i in sorted(set(a["indexes"]) - set(b["indexes"])):
            found.append(("index_left_behind", i))
        for u in sorted((b["uniques"] - a["uniques"]) | set(("fk",) + f for f in b["fks"] - a["fks"])):
            found.append(("constraint_missing", "%s %s" % (t, u)))
        for u in sorted((a["uniques"] - b["uniques"]) | set(("fk",) + f for f in a["fks"] - b["fks"])):
            found.append(("constraint_left_behind", "%s %s" % (t, u)))
        if b["pk"] != a["pk"] or not b["rows"]:
            continue
        lost = [k for k in b["rows"] if k not in a["rows"]]
        if lost:
            found.append(("rows_lost", "%s %d/%d" % (t, len(lost), len(b["rows"]))))
        common = [k for k in b["rows"] if k in a["rows"]]
        for c in sorted(set(b["columns"]) & set(a["columns"])):
            nl = sum(1 for k in common if b["rows"][k][c] is not None and a["rows"][k][c] is None)
            nc = sum(1 for k in common if a["rows"][k][c] is not None and b["rows"][k][c] != a["rows"][k][c])
            if nl:
                found.append(("values_lost", "%s.%s %d/%d" % (t, c, nl, len(common))))
            if nc:
                found.append(("values_changed", "%s.%s %d/%d" % (t, c, nc, len(common))))
    return found


# ---- walk ----------------------------------------------------------------------------------------------------

def _expected_loss(path):
    with open(path, encoding="utf-8") as f:
        return bool(re.search(r"#\s*mrt:\s*expect-data-loss\b", f.read()))


def walk(project, timeout=20.0):
    ini = os.path.join(HERE, project, "alembic.ini")
    tmp = tempfile.mkdtemp(prefix="mrt-oracle-")
    dbfile = os.path.join(tmp, "scratch.db")
    url = "sqlite:///" + dbfile
    env = {"MRT_TEST_HANG_SECONDS": "600"}
    rc = RunnerClient(ini, url, extra_env=env)
    out = {}
    try:
        graph = rc.call(cmd="graph")
        assert graph["ok"], graph
        for rev in graph["revisions"]:
            r, parents = rev["revision"], rev["down_revisions"]
            kinds, details, status = [], [], "ok"
            # bring the database to "parents applied" (other applied branches stay)
            for p in parents:
                a = rc.call(cmd="upgrade", rev=p)
                assert a["ok"], a
            db = sqlite3.connect(dbfile)
            seed(db)
            before = snapshot(db)
            db.close()
            step = "upgrade"
            try:
                a = rc.call(timeout=timeout, cmd="upgrade", rev=r)
                if not a["ok"]:
                    kinds.append("upgrade_failed")
                    details.append(a["type"] + ": " + a["error"].splitlines()[0])
                    rc.call(cmd="stamp", rev=r)
                else:
                    step = "downgrade"
                    # one parent: r@-1 keeps other branches; a merge: name one parent (unapplies only the merge)
                    target = parents[0] if len(parents) > 1 else (r + "@-1" if parents else "base")
                    a = rc.call(timeout=timeout, cmd="downgrade", target=target)
                    if not a["ok"]:
                        kinds.append("downgrade_failed")
                        details.append(a["type"] + ": " + a["error"].splitlines()[0])
                    else:
                        db = sqlite3.connect(dbfile)
                        after = snapshot(db)
                        db.close()
                        for k, d in compare(before, after):
                            kinds.append(k)
                            details.append("%s %s" % (k, d))
                        step = "reupgrade"
                        a = rc.call(timeout=timeout, cmd="upgrade", rev=r)
                        if not a["ok"]:
                            kinds.append("reupgrade_failed")
                            details.append(a["type"] + ": " + a["error"].splitlines()[0])
                            rc.call(cmd="stamp", rev=r)
            except RunnerTimeout:
                kinds.append("timeout")
                details.append("timeout during %s" % step)
                rc.close()
                rc = RunnerClient(ini, url, extra_env=env)
                rc.call(cmd="stamp", rev=r)
            execution = {"upgrade_failed", "downgrade_failed", "reupgrade_failed", "timeout"}
            if set(kinds) & execution:
                status = "fail"
            elif kinds:
                status = "expected" if _expected_loss(rev["path"]) else "loss"
            out[r] = {"status": status, "kinds": sorted(set(kinds)), "details": details}
    finally:
        rc.close()
        for f in os.listdir(tmp):
            os.unlink(os.path.join(tmp, f))
        os.rmdir(tmp)
    return out


def main(argv):
    projects = argv or ["lossy", "reversible", "branched", "broken", "hang", "config_connection"]
    res = {p: walk(p, timeout=5.0 if p == "hang" else 60.0) for p in projects}
    json.dump(res, sys.stdout, indent=1, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main(sys.argv[1:])
