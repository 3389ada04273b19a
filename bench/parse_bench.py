#!/usr/bin/env python3
"""Static-analysis speed: `mrt` parsing a generated history against CPython merely parsing it (ast.parse).

    parse_bench.py [--mrt build/core/mrt] [--count 2000] [--runs 5] [--rules DIR] [--keep DIR]

Generates --count migration files (bench/gen_migrations.py), then runs, alternating, --runs times each:
  baseline  python3 -c 'for every file: ast.parse(open(f).read())'   (reading + parsing, nothing else)
  mrt       mrt parse <versions> --format summary                    (discovery, lexing, parsing, SQL classification)
  mrt+rules mrt check <versions> --rules DIR --format json           (only with --rules: every rule plugin loaded)
and prints the median wall time and peak RSS of each, and the ratios measured in this one run.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BASELINE = ("import ast, os, sys\n"
            "d = sys.argv[1]\n"
            "for n in sorted(os.listdir(d)):\n"
            "    if n.endswith('.py'):\n"
            "        with open(os.path.join(d, n), 'rb') as f:\n"
            "            src = f.read()\n"
            "        try:\n"
            "            ast.parse(src)\n"
            "        except SyntaxError:\n"
            "            pass\n")


def run(cmd):
    """Runs cmd, returns (seconds, peak RSS in MiB, exit status)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    dt = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    return dt, ru.ru_maxrss / 1024.0, p.returncode, err


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mrt", default=os.path.join(HERE, "..", "build", "core", "mrt"))
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--rules", help="rules.d directory: also time `mrt check` with every rule loaded")
    ap.add_argument("--keep", help="generate into this directory (kept) instead of a temporary one")
    a = ap.parse_args()

    out = a.keep or tempfile.mkdtemp(prefix="mrt_bench_")
    subprocess.run([sys.executable, os.path.join(HERE, "gen_migrations.py"), out, "--count", str(a.count)],
                   check=True, stdout=subprocess.DEVNULL)
    versions = os.path.join(out, "migrations", "versions")
    total = sum(os.path.getsize(os.path.join(versions, n)) for n in os.listdir(versions))
    print("corpus: {} files, {:.1f} MiB in {}".format(a.count, total / 1048576.0, versions))

    cmds = {"python ast.parse (baseline)": [sys.executable, "-c", BASELINE, versions],
            "mrt parse": [a.mrt, "parse", versions, "--format", "summary"]}
    if a.rules:
        cmds["mrt check (all rules)"] = [a.mrt, "check", versions, "--rules", a.rules, "--format", "json",
                                         "--output", os.devnull]
    results = {k: [] for k in cmds}
    for _ in range(a.runs):
        for name, cmd in cmds.items():
            dt, rss, rc, err = run(cmd)
            if rc not in (0, 1, 2):
                sys.exit("{} failed with exit {}: {}".format(name, rc, err.strip()[:2000]))
            results[name].append((dt, rss))

    base = statistics.median(t for t, _ in results["python ast.parse (baseline)"])
    print("{:<30} {:>12} {:>14} {:>10}".format("command", "median s", "peak RSS MiB", "speed-up"))
    for name, rs in results.items():
        t = statistics.median(x for x, _ in rs)
        rss = max(r for _, r in rs)
        print("{:<30} {:>12.4f} {:>14.1f} {:>9.1f}x".format(name, t, rss, base / t))
    if a.rules:
        t_parse = statistics.median(x for x, _ in results["mrt parse"])
        t_rules = statistics.median(x for x, _ in results["mrt check (all rules)"])
        print("all rules / parse only: {:.2f}x".format(t_rules / t_parse))
    print("runs: {} each, alternating, one machine, one run of this script".format(a.runs))


if __name__ == "__main__":
    main()
