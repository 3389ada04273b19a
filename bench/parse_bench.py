#!/usr/bin/env python3
"""Static-analysis speed: `mrt` parsing a generated history against CPython merely parsing it (ast.parse).

    parse_bench.py [--mrt build/core/mrt] [--count 2000] [--runs 5] [--rules DIR] [--keep DIR]

Generates --count migration files (bench/gen_migrations.py), then runs, alternating, --runs times each:
  baseline  python3 -c 'for every file: ast.parse(open(f).read())'   (reading + parsing, nothing else)
  mrt       mrt parse <versions> --format summary                    (discovery, lexing, parsing, SQL classification)
  mrt+rules mrt check <versions> --rules DIR --format json           (only with --rules: every rule plugin loaded),
            once as it runs by default (the next files read and parsed on a worker thread while the rules run, when
            the machine has two CPUs) and once with --jobs 1 (everything on one thread)
and prints the median wall time, CPU time (user + system) and peak RSS of each, and the ratios measured in this run.
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
    """Runs cmd, returns (wall seconds, exit status, stderr, CPU seconds (user + system))."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    dt = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    return dt, p.returncode, err, ru.ru_utime + ru.ru_stime


def peak_rss(cmd):
    """Peak RSS of cmd in MiB. A child forked from this Python process inherits its ~14 MiB as a high-water mark that
    exec does not reset, so ru_maxrss of our own child is an upper bound, not a measure: GNU time (a small process)
    forks the command instead and reports its real peak. Returns (MiB, exact?)."""
    if os.path.exists("/usr/bin/time"):
        with tempfile.NamedTemporaryFile("r") as f:
            subprocess.run(["/usr/bin/time", "-f", "%M", "-o", f.name] + cmd, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            return int(f.read().strip().splitlines()[-1]) / 1024.0, True
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return os.wait4(p.pid, 0)[2].ru_maxrss / 1024.0, False


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
        cmds["mrt check --jobs 1"] = cmds["mrt check (all rules)"] + ["--jobs", "1"]
    results = {k: [] for k in cmds}
    for _ in range(a.runs):
        for name, cmd in cmds.items():
            dt, rc, err, cpu = run(cmd)
            if rc not in (0, 1, 2):
                sys.exit("{} failed with exit {}: {}".format(name, rc, err.strip()[:2000]))
            results[name].append((dt, 0.0, cpu))
    rss = {name: peak_rss(cmd) for name, cmd in cmds.items()}

    def med(name, i):
        return statistics.median(r[i] for r in results[name])

    base = med("python ast.parse (baseline)", 0)
    print("{:<30} {:>12} {:>12} {:>14} {:>10}".format("command", "median s", "median CPU s", "peak RSS MiB",
                                                       "speed-up"))
    for name in results:
        print("{:<30} {:>12.4f} {:>12.4f} {:>13.1f}{} {:>9.1f}x".format(
            name, med(name, 0), med(name, 2), rss[name][0], "" if rss[name][1] else "*", base / med(name, 0)))
    if not all(exact for _, exact in rss.values()):
        print("* upper bound (GNU time not installed: includes the pages of the Python process that forked it)")
    if a.rules:
        print("all rules / parse only, wall: {:.2f}x (--jobs 1: {:.2f}x); CPU: {:.2f}x (--jobs 1: {:.2f}x)".format(
            med("mrt check (all rules)", 0) / med("mrt parse", 0), med("mrt check --jobs 1", 0) / med("mrt parse", 0),
            med("mrt check (all rules)", 2) / med("mrt parse", 2), med("mrt check --jobs 1", 2) / med("mrt parse", 2)))
    print("runs: {} each, alternating, one machine, one run of this script".format(a.runs))


if __name__ == "__main__":
    main()
