#!/usr/bin/env python3
"""Dynamic-verification speed: `mrt verify` on a reversible chain against plain Alembic doing the bare round trips.

    verify_bench.py [--mrt build/core/mrt] [--python .venv/bin/python] [--runs 3] [--sizes 10,100,300]
                    [--rows N] [--keep DIR] [--target 1.3] [--enforce] [--base-tables 0]

For every size N it generates a reversible chain of N revisions on SQLite (bench/gen_chain.py: tables, columns,
indexes, backfills, renames), then runs, alternating (which one goes first flips every run), --runs times each:

  floor  python bench/alembic_floor.py alembic.ini
         one process, one Config + ScriptDirectory, for every revision in topological order:
         upgrade r, downgrade to its parent, upgrade r; fresh SQLite temp file; no seeding, no comparison
  mrt    mrt verify --alembic-ini alembic.ini --db-url sqlite:// --format json
         the same walk plus, per revision, seeding, two schema introspections, two data snapshots and the comparison

Both are timed as whole processes (wall clock, interpreter start and Alembic import included on both sides). It prints
the median seconds of each, the ratio mrt/floor measured in this run, and seconds per revision for each size, which
stay flat when the cost is linear in the number of revisions. The load average is printed before and after: the
numbers mean little on a busy machine.

Exit status: 0; 1 when `mrt verify` reports any revision of the reversible chain as other than "ok" (a false positive:
the revision and its findings are printed) or fails to run; with --enforce also 1 when a ratio is above --target.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def default_python():
    venv = os.path.join(ROOT, ".venv", "bin", "python")
    return venv if os.path.exists(venv) else sys.executable


def timed(cmd):
    """Runs cmd; returns (wall seconds, CPU seconds, exit status, stdout text, stderr text).

    CPU seconds are user + system time of the process and of the children it waited for (mrt's runner), from
    wait4(): on a shared machine they vary much less than wall time, which also counts waiting for the disk (every
    Alembic commit is an fsync on both sides) and for a CPU."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=err)
        _, status, ru = os.wait4(p.pid, 0)
        dt = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return (dt, ru.ru_utime + ru.ru_stime, p.returncode, out.read().decode(errors="replace"),
                err.read().decode(errors="replace"))


def loadavg():
    try:
        return "%.2f %.2f %.2f" % os.getloadavg()
    except OSError:
        return "?"


def run_floor(a, ini):
    dt, cpu, rc, out, err = timed([a.python, os.path.join(HERE, "alembic_floor.py"), ini, "--json"])
    if rc != 0:
        sys.exit("alembic_floor.py failed (exit %d) on %s:\n%s" % (rc, ini, err.strip()[-4000:]))
    info = json.loads(out.strip().splitlines()[-1])
    return dt, cpu, info


def run_mrt(a, ini, report):
    cmd = [a.mrt, "verify", "--alembic-ini", ini, "--db-url", "sqlite://", "--python", a.python,
           "--format", "json", "--output", report]
    if a.rows:
        cmd += ["--rows", str(a.rows)]
    try:
        os.unlink(report)
    except FileNotFoundError:
        pass
    dt, cpu, rc, out, err = timed(cmd)
    try:
        with open(report) as f:
            res = json.load(f)
    except (OSError, ValueError):
        res = None
    return dt, cpu, rc, res, err


def non_ok(res):
    """Revisions of a verify JSON report whose status is not "ok"."""
    return [r for r in res.get("revisions", []) if r.get("status") != "ok"]


def main():
    ap = argparse.ArgumentParser(description="mrt verify against the plain-Alembic floor, on generated chains.")
    ap.add_argument("--mrt", default=os.path.join(ROOT, "build", "core", "mrt"), help="the mrt binary")
    ap.add_argument("--python", default=default_python(),
                    help="interpreter with Alembic, used by the floor and by mrt's runner (default: .venv/bin/python)")
    ap.add_argument("--runs", type=int, default=3, help="runs of each command per size (default 3)")
    ap.add_argument("--sizes", default="10,100,300", help="chain lengths, comma-separated (default 10,100,300)")
    ap.add_argument("--base-tables", type=int, default=0,
                    help="wide schema: revision 1 of every chain creates this many extra tables (gen_chain.py)")
    ap.add_argument("--rows", type=int, default=0, help="rows seeded per table by mrt (default: mrt's, 3)")
    ap.add_argument("--keep", help="generate the chains under this directory (kept) instead of a temporary one")
    ap.add_argument("--target", type=float, default=1.3, help="acceptable mrt/floor ratio (default 1.3)")
    ap.add_argument("--enforce", action="store_true", help="exit 1 when a ratio is above --target")
    a = ap.parse_args()
    try:
        sizes = [int(s) for s in a.sizes.split(",") if s.strip()]
    except ValueError:
        ap.error("--sizes takes integers, e.g. 10,100,300")
    if not sizes or min(sizes) < 1 or a.runs < 1:
        ap.error("--sizes and --runs must be positive")
    a.mrt = os.path.abspath(a.mrt)
    if os.sep in a.python:  # mrt starts its runner in the project's directory: a relative path would not resolve
        a.python = os.path.abspath(a.python)
    if not os.access(a.mrt, os.X_OK):
        sys.exit("no mrt binary at %s (build it, or pass --mrt)" % a.mrt)

    base = a.keep or tempfile.mkdtemp(prefix="mrt_verify_bench_")
    print("mrt: %s\npython: %s\nchains in: %s" % (a.mrt, a.python, base))
    print("load average before: %s (%d CPUs)" % (loadavg(), os.cpu_count() or 0))
    rows, false_positive = [], False
    for n in sizes:
        proj = os.path.join(base, "chain_%d" % n)
        subprocess.run([a.python, os.path.join(HERE, "gen_chain.py"), proj, "--count", str(n),
                        "--base-tables", str(a.base_tables)], check=True,
                       stdout=subprocess.DEVNULL)
        ini = os.path.join(proj, "alembic.ini")
        report = os.path.join(proj, "mrt_verify.json")
        floor_t, floor_cpu, floor_walk, mrt_t, mrt_cpu = [], [], [], [], []
        for run in range(a.runs):
            order = ("floor", "mrt") if run % 2 == 0 else ("mrt", "floor")
            for which in order:
                if which == "floor":
                    dt, cpu, info = run_floor(a, ini)
                    if info.get("revisions") != n:
                        sys.exit("floor walked %s revisions of %d" % (info.get("revisions"), n))
                    floor_t.append(dt)
                    floor_cpu.append(cpu)
                    floor_walk.append(info["seconds"])
                    continue
                dt, cpu, rc, res, err = run_mrt(a, ini, report)
                if res is None or rc not in (0, 2):
                    sys.exit("mrt verify failed (exit %d) on %s:\n%s" % (rc, ini, err.strip()[-4000:]))
                bad = non_ok(res)
                if bad or rc != 0:
                    false_positive = True
                    print("FALSE POSITIVE: size %d, run %d: mrt verify exit %d, %d revision(s) not ok:"
                          % (n, run + 1, rc, len(bad)))
                    for r in bad:
                        print("  %s %s" % (r.get("revision"), r.get("status")))
                        for f in r.get("findings", []):
                            print("    - [%s] %s" % (f.get("kind"), f.get("message")))
                            if f.get("detail"):
                                print("      " + f["detail"].strip().splitlines()[-1][:300])
                if len(res.get("revisions", [])) != n:
                    false_positive = True
                    print("mrt verify reported %d revisions of %d" % (len(res.get("revisions", [])), n))
                mrt_t.append(dt)
                mrt_cpu.append(cpu)
        med = statistics.median
        rows.append((n, med(floor_t), med(floor_walk), med(mrt_t), med(floor_cpu), med(mrt_cpu)))
        print("size %d done: wall floor %s s, mrt %s s; cpu floor %s s, mrt %s s (load %s)"
              % (n, " ".join("%.2f" % x for x in floor_t), " ".join("%.2f" % x for x in mrt_t),
                 " ".join("%.2f" % x for x in floor_cpu), " ".join("%.2f" % x for x in mrt_cpu), loadavg()))

    print()
    print("%6s | %9s %9s %9s %7s %9s %9s | %8s %8s %7s" % (
        "revs", "floor s", "(walk s)", "mrt s", "ratio", "floor/rev", "mrt/rev", "floor", "mrt", "ratio"))
    print("%6s | %-65s | %s" % ("", "wall clock (median)", "CPU s, user+sys (median)"))
    over = False
    for n, ft, fw, mt, fc, mc in rows:
        ratio = mt / ft
        over = over or ratio > a.target
        print("%6d | %9.3f %9.3f %9.3f %6.2fx %7.1fms %7.1fms | %8.3f %8.3f %6.2fx"
              % (n, ft, fw, mt, ratio, 1000 * ft / n, 1000 * mt / n, fc, mc, mc / fc))
    # Marginal cost per revision between consecutive sizes: start-up costs cancel out, so a linear cost shows as
    # the same number on every line.
    pairs = list(zip(rows, rows[1:]))
    if len(rows) > 2:
        pairs.append((rows[0], rows[-1]))
    for r0, r1 in pairs:
        dn = r1[0] - r0[0]

        def ratio(x0, x1, y0, y1):
            return (y1 - y0) / (x1 - x0) if x1 != x0 else float("nan")

        print("marginal ms/revision %4d→%-4d wall: floor %6.1f, mrt %6.1f (%.2fx)   CPU: floor %6.1f, mrt %6.1f (%.2fx)"
              % (r0[0], r1[0], 1000 * (r1[1] - r0[1]) / dn, 1000 * (r1[3] - r0[3]) / dn,
                 ratio(r0[1], r1[1], r0[3], r1[3]), 1000 * (r1[4] - r0[4]) / dn, 1000 * (r1[5] - r0[5]) / dn,
                 ratio(r0[4], r1[4], r0[5], r1[5])))
    print("medians of %d alternating runs each; whole processes; target wall mrt/floor <= %.2fx: %s"
          % (a.runs, a.target, "exceeded" if over else "met"))
    print("load average after: %s" % loadavg())
    if false_positive:
        print("FAILED: mrt verify reported non-ok revisions on a reversible chain")
        return 1
    return 1 if (a.enforce and over) else 0


if __name__ == "__main__":
    sys.exit(main())
