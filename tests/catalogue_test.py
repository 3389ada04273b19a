#!/usr/bin/env python3
"""Catalogue completeness: every rule of the catalogue has its rule file, plugin, doc page and fixtures.

The catalogue facts (id, name, severity, dialects, and the alias table mapping old pytest-mrt codes to our ids) are
committed in tests/catalogue/rules_catalogue.json, extracted from RULES.md. The test always checks the repository
against that JSON; when RULES.md is present (default: <repo>/../shared/RULES.md, or --rules-md) it also checks that the
JSON still says what RULES.md says.

Fails when a catalogue id has
  - no rules.d/<ID>.yaml, or one whose id/name/severity/dialects differ from the catalogue;
  - a YAML alias that the alias table does not map to this id, or misses an alias the table maps to it;
  - no plugin folder plugins/rules/<slug>/ with a CMakeLists.txt and <slug>.c (slug = the YAML `plugin` without .so;
    MRT000 is built into the core and must say `builtin: true` instead);
  - no doc page docs/rules/<ID>.md (and a YAML `doc` that does not point at it);
  - no fixtures: tests/data/rules/<ID>/ with at least one bad_* and one good_* (files or case folders).
Also fails on a rules.d file whose id is not in the catalogue.

Alias table rows such as "MRT303, MRT705 | column type change | MRT007 when narrowing, MRT023 otherwise" map their old
codes to the FIRST id of the last cell (an alias resolves to one rule): MRT007 here, MRT009 for MRT103-MRT106, MRT011
for the MRT205 row.

Usage: catalogue_test.py [--repo DIR] [--rules-md FILE] [--extract]
  --extract   print the JSON extracted from RULES.md (to refresh tests/catalogue/rules_catalogue.json) and exit.
Exit status: 0 when complete, 1 when something is missing (every problem is listed), 2 on usage errors.
"""
import argparse
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DIALECTS = {"PG": "postgresql", "MY": "mysql", "LITE": "sqlite"}
ID_RE = re.compile(r"^[A-Z]{2,8}[0-9]{3,4}$")


# ---- RULES.md ------------------------------------------------------------------------------------------------------

def _cells(line):
    return [c.strip() for c in line.strip().strip("|").split("|")]


def extract_rules_md(text):
    """Returns {"rules": [...], "aliases": {old: id}} from the tables of RULES.md."""
    rules = {}
    aliases = {}
    section = None
    for line in text.splitlines():
        if line.startswith("#"):
            section = line.lstrip("#").strip().lower()
            continue
        if not line.startswith("|"):
            continue
        cells = _cells(line)
        if len(cells) < 3 or set(cells[0]) <= set("-: "):
            continue
        if section and section.startswith("compatibility"):
            if cells[0] == "old code":
                continue
            ours = re.search(r"\b(MRT[0-9]{3})\b", cells[2])
            if not ours:
                continue
            for old in re.findall(r"\bMRT[0-9]{3}\b", cells[0]):
                aliases[old] = ours.group(1)
            continue
        if not re.fullmatch(r"MRT[0-9]{3}", cells[0]) or len(cells) < 4:
            continue
        where = cells[3]
        dialects = sorted({DIALECTS[p] for p in re.split(r"[/ ,]+", where) if p in DIALECTS})
        rules[cells[0]] = {"id": cells[0], "name": cells[1], "severity": cells[2], "dialects": dialects}
    return {"rules": [rules[k] for k in sorted(rules)], "aliases": dict(sorted(aliases.items()))}


# ---- rule files (flat YAML: top-level scalars and flow lists are all this test needs) -----------------------------

def _scalar(v):
    v = v.strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "'\"":
        return v[1:-1]
    return v


def parse_rule_yaml(text):
    """Top-level keys of a rule file: scalars as str, flow lists [a, b] as lists; nested blocks are skipped."""
    out = {}
    for raw in text.splitlines():
        if not raw.strip() or raw.lstrip().startswith("#") or raw[0] in " \t-":
            continue
        m = re.match(r"^([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.*)$", raw)
        if not m:
            continue
        key, val = m.group(1), m.group(2)
        if " #" in val and not val.lstrip().startswith(("'", '"')):
            val = val.split(" #", 1)[0]
        val = val.strip()
        if val.startswith("[") and val.endswith("]"):
            inner = val[1:-1].strip()
            out[key] = [_scalar(x) for x in inner.split(",")] if inner else []
        else:
            out[key] = _scalar(val)
    return out


# ---- checks --------------------------------------------------------------------------------------------------------

def check_repo(repo, cat):
    problems = {}

    def bad(rid, msg):
        problems.setdefault(rid, []).append(msg)

    table = {r["id"]: r for r in cat["rules"]}
    by_rule = {}
    for old, rid in cat["aliases"].items():
        by_rule.setdefault(rid, set()).add(old)

    rules_d = os.path.join(repo, "rules.d")
    present = set()
    if os.path.isdir(rules_d):
        for fn in sorted(os.listdir(rules_d)):
            if fn.endswith((".yaml", ".yml")):
                y = parse_rule_yaml(open(os.path.join(rules_d, fn), encoding="utf-8").read())
                rid = y.get("id", fn.rsplit(".", 1)[0])
                present.add(rid)
                if rid not in table:
                    bad(rid, "rules.d/%s: id %s is not in the catalogue" % (fn, rid))

    for rid, r in sorted(table.items()):
        ypath = os.path.join(rules_d, rid + ".yaml")
        if not os.path.isfile(ypath):
            bad(rid, "no rule file rules.d/%s.yaml" % rid)
            y = None
        else:
            y = parse_rule_yaml(open(ypath, encoding="utf-8").read())
            if y.get("id") != rid:
                bad(rid, "rules.d/%s.yaml: id is %r" % (rid, y.get("id")))
            if y.get("name") != r["name"]:
                bad(rid, "rules.d/%s.yaml: name %r, catalogue says %r" % (rid, y.get("name"), r["name"]))
            if y.get("severity") != r["severity"]:
                bad(rid, "rules.d/%s.yaml: severity %r, catalogue says %r" % (rid, y.get("severity"), r["severity"]))
            ydial = y.get("dialects", [])
            ydial = sorted(ydial if isinstance(ydial, list) else [ydial])
            if ydial != r["dialects"]:
                bad(rid, "rules.d/%s.yaml: dialects %s, catalogue says %s" % (rid, ydial or "all",
                                                                                r["dialects"] or "all"))
            yal = y.get("aliases", [])
            yal = set(yal if isinstance(yal, list) else [yal])
            want = by_rule.get(rid, set())
            for a in sorted(yal - want):
                owner = cat["aliases"].get(a)
                bad(rid, "rules.d/%s.yaml: alias %s is not mapped to %s by the alias table%s" %
                    (rid, a, rid, " (it belongs to %s)" % owner if owner else ""))
            for a in sorted(want - yal):
                bad(rid, "rules.d/%s.yaml: alias %s of the alias table is missing" % (rid, a))
            doc = y.get("doc")
            if doc and os.path.normpath(os.path.join(rules_d, doc)) != os.path.join(repo, "docs", "rules",
                                                                                      rid + ".md"):
                bad(rid, "rules.d/%s.yaml: doc %r is not docs/rules/%s.md" % (rid, doc, rid))
            if not doc:
                bad(rid, "rules.d/%s.yaml: no `doc` key" % rid)
        # plugin
        if rid == "MRT000":
            if y is not None and (y.get("builtin") != "true" or "plugin" in y):
                bad(rid, "rules.d/MRT000.yaml: the built-in rule needs `builtin: true` and no `plugin`")
        elif y is not None:
            plugin = y.get("plugin", "")
            slug = plugin[:-3] if plugin.endswith(".so") else plugin
            pdir = os.path.join(repo, "plugins", "rules", slug)
            if not slug:
                bad(rid, "rules.d/%s.yaml: no `plugin`" % rid)
            elif not os.path.isfile(os.path.join(pdir, "CMakeLists.txt")):
                bad(rid, "no plugin folder plugins/rules/%s/ with a CMakeLists.txt" % slug)
            elif not os.path.isfile(os.path.join(pdir, slug + ".c")):
                bad(rid, "plugins/rules/%s/ has no %s.c" % (slug, slug))
        # doc page
        if not os.path.isfile(os.path.join(repo, "docs", "rules", rid + ".md")):
            bad(rid, "no doc page docs/rules/%s.md" % rid)
        # fixtures
        fdir = os.path.join(repo, "tests", "data", "rules", rid)
        names = os.listdir(fdir) if os.path.isdir(fdir) else []
        if not names:
            bad(rid, "no fixtures in tests/data/rules/%s/" % rid)
        else:
            if not any(n.startswith("bad_") for n in names):
                bad(rid, "tests/data/rules/%s/ has no bad_* fixture" % rid)
            if not any(n.startswith("good_") for n in names):
                bad(rid, "tests/data/rules/%s/ has no good_* fixture" % rid)
    return problems


def compare_catalogues(committed, extracted):
    """Differences between the committed JSON and what RULES.md says, as a list of lines."""
    diffs = []
    a = {r["id"]: r for r in committed["rules"]}
    b = {r["id"]: r for r in extracted["rules"]}
    for rid in sorted(set(a) | set(b)):
        if a.get(rid) != b.get(rid):
            diffs.append("rule %s: committed %s, RULES.md %s" % (rid, a.get(rid), b.get(rid)))
    for old in sorted(set(committed["aliases"]) | set(extracted["aliases"])):
        if committed["aliases"].get(old) != extracted["aliases"].get(old):
            diffs.append("alias %s: committed %s, RULES.md %s" % (old, committed["aliases"].get(old),
                                                                 extracted["aliases"].get(old)))
    return diffs


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repo", default=os.path.dirname(HERE))
    ap.add_argument("--rules-md", default=None)
    ap.add_argument("--catalogue", default=os.path.join(HERE, "catalogue", "rules_catalogue.json"))
    ap.add_argument("--extract", action="store_true")
    args = ap.parse_args(argv)
    repo = os.path.abspath(args.repo)
    rules_md = args.rules_md or os.path.join(os.path.dirname(repo), "shared", "RULES.md")

    if args.extract:
        if not os.path.isfile(rules_md):
            print("catalogue: %s not found" % rules_md, file=sys.stderr)
            return 2
        print(json.dumps(extract_rules_md(open(rules_md, encoding="utf-8").read()), indent=2))
        return 0

    try:
        cat = json.load(open(args.catalogue, encoding="utf-8"))
    except (OSError, ValueError) as e:
        print("catalogue: cannot read %s: %s" % (args.catalogue, e), file=sys.stderr)
        return 2

    failed = False
    if os.path.isfile(rules_md):
        diffs = compare_catalogues(cat, extract_rules_md(open(rules_md, encoding="utf-8").read()))
        if diffs:
            failed = True
            print("%s and %s disagree (refresh the JSON with --extract):" % (args.catalogue, rules_md))
            for d in diffs:
                print("  " + d)
    else:
        print("catalogue: %s not found; checking against %s only" % (rules_md, args.catalogue))

    problems = check_repo(repo, cat)
    if problems:
        failed = True
        print("catalogue incomplete: %d rule(s) with problems: %s" % (len(problems), " ".join(sorted(problems))))
        for rid in sorted(problems):
            for p in problems[rid]:
                print("  %s: %s" % (rid, p))
    else:
        print("catalogue complete: %d rules, %d aliases" % (len(cat["rules"]), len(cat["aliases"])))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
