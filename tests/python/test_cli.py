"""End-to-end tests of the `mrt` command line: help and exit codes, every report format against golden files, SARIF
schema validation, rule selection, revision filters, bad input, terminal detection.

Fixtures live in tests/data/cli/ (project/: one migration per problem; rules.d/: a pinned copy of the rule files so
new rules added to rules.d/ do not change the goldens; expected/: the goldens). Every command runs from the repository
root with relative paths, so the paths in the reports are stable.

    MRT_UPDATE_GOLDEN=1 pytest tests/python/test_cli.py -k golden    rewrites tests/data/cli/expected/*

A CLI bug found here gets a test marked xfail(strict=True) until it is fixed, so the fix flips it to a failure (XPASS) and the mark goes.
"""
from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import struct
import subprocess
import termios
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import REPO, mrt_env
from sarif_schema import SchemaUnavailable, load_sarif_schema

DATA = "tests/data/cli"
PROJECT_INI = f"{DATA}/project/alembic.ini"
VERSIONS = f"{DATA}/project/migrations/versions"
RULES = f"{DATA}/rules.d"
EXPECTED = REPO / DATA / "expected"
CHECK = ("check", "--alembic-ini", PROJECT_INI, "--rules", RULES)

# (revision, rule) of every finding the project gives with the pinned rules (6f000006's MRT004 is suppressed)
ALL_FINDINGS = {
    ("2b000002", "MRT004"),
    ("3c000003", "MRT005"),
    ("4d000004", "MRT002"),
    ("5e000005", "MRT001"),
    ("7a000007", "MRT000"),
}


def findings_of(r) -> set:
    assert r.out, f"no JSON on stdout\n{r}"
    doc = json.loads(r.out)
    return {(f["revision"], f["rule"]) for f in doc["findings"]}


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("true", "1", "yes")


def unavailable(msg: str):
    if in_ci():
        pytest.fail(f"{msg} (CI=true: this must work in CI)", pytrace=False)
    pytest.skip(msg)


@pytest.fixture(scope="module")
def version(run_mrt) -> str:
    r = run_mrt("--version")
    m = re.fullmatch(r"mrt (\d+\.\d+\.\d+\S*)\n", r.text)
    assert r.rc == 0 and m, r
    return m.group(1)


# ---- help, version, usage errors ----------------------------------------------------------------------------------

HELP_OPTIONS = {
    "check": ["--alembic-ini", "--rules", "--plugin-dir", "--config", "--format", "--output", "--select", "--ignore",
              "--since", "--min-revision", "--dialect", "--strict", "--ascii", "--unicode", "--no-color",
              "--recursive", "--watch", "--verbose"],
    "verify": ["--alembic-ini", "--db-url", "--rows", "--seed", "--revisions", "--timeout", "--config", "--format",
               "--output", "--python", "--ascii", "--unicode"],
    "parse": ["--alembic-ini", "--format", "--recursive"],
    "graph": ["--alembic-ini", "--format", "--recursive"],
    "rules": ["--rules", "--config", "--format"],
    "explain": ["--rules"],
}


@pytest.mark.parametrize("flag", ["--help", "-h", "help"])
def test_top_level_help(run_mrt, flag):
    r = run_mrt(flag)
    assert r.rc == 0, r
    assert r.text.startswith("usage: mrt [COMMAND]"), r
    for cmd in HELP_OPTIONS:
        assert re.search(rf"^  {cmd} +\S", r.text, re.M), f"`{cmd}` not listed\n{r}"
    assert "exit codes: 0 clean, 1 warnings only, 2 errors, 3 usage or configuration error" in r.text
    assert r.err == ""


def test_top_level_help_mentions_version(run_mrt):
    assert "--version" in run_mrt("--help").text


def test_version(run_mrt, version):
    pyproject = (REPO / "pyproject.toml").read_text()
    m = re.search(r'^version = "([^"]+)"', pyproject, re.M)
    assert m and m.group(1) == version


@pytest.mark.parametrize("cmd", sorted(HELP_OPTIONS))
def test_subcommand_help(run_mrt, cmd):
    r = run_mrt(cmd, "--help")
    assert r.rc == 0, r
    assert r.text.startswith(f"usage: mrt {cmd}"), r
    missing = [o for o in HELP_OPTIONS[cmd] if o not in r.text]
    assert not missing, f"--help of {cmd} does not mention {missing}\n{r}"


def test_verify_help_documents_every_option(run_mrt):
    r = run_mrt("verify", "--help")
    assert "--plugin-dir" in r.text and "--name" in r.text


@pytest.mark.parametrize("args", [
    ("--bogus",), ("check", "--bogus"), ("verify", "--bogus"), ("parse", "--bogus"), ("graph", "--bogus"),
    ("rules", "--bogus"), ("explain", "--bogus", "MRT004"),
])
def test_unknown_option_exit_3(run_mrt, args):
    r = run_mrt(*args)
    assert r.rc == 3, r
    assert "unrecognized option '--bogus'" in r.err, r
    assert r.out == b"", r


@pytest.mark.parametrize("args, message", [
    (CHECK + ("--format", "xml"), "unknown --format 'xml': use table, json, sarif, github, junit or html"),
    (("parse", "--format", "xml", VERSIONS), "unknown --format 'xml' for parse"),
    (("graph", "--format", "xml", VERSIONS), "unknown --format 'xml' for graph"),
    (("rules", "--format", "xml"), "unknown --format 'xml' for rules"),
    (("rules", "extra"), "unexpected argument 'extra'"),
    (("explain",), "usage: mrt explain RULE"),
    (CHECK + ("--dialect", "oracle"), "unknown --dialect 'oracle'"),
    (CHECK + ("--jobs", "0"), "--jobs wants a number of threads from 1 to 1024, got '0'"),
    (CHECK + ("--jobs", "2x"), "--jobs wants a number of threads from 1 to 1024, got '2x'"),
    (CHECK + ("--since", "4d", "--min-revision", "4d"), "give either --since or --min-revision, not both"),
    (("check", "--rules", RULES, "--alembic-ini", PROJECT_INI, VERSIONS), "give either --alembic-ini or paths, not both"),
    (("verify", "--alembic-ini", PROJECT_INI), "--db-url URL is required"),
])
def test_usage_errors(run_mrt, args, message):
    r = run_mrt(*args)
    assert r.rc == 3, r
    assert message in r.err, r


def test_no_paths_and_no_alembic_ini_in_cwd(run_mrt, tmp_path):
    r = run_mrt("check", "--rules", REPO / RULES, cwd=tmp_path)
    assert r.rc == 3, r
    assert "no migrations given: pass paths or --alembic-ini FILE" in r.err, r


# ---- golden files ---------------------------------------------------------------------------------------------------

GOLDEN = [
    ("table_ascii", ("--ascii",), "check.table_ascii.txt"),
    ("table_unicode", ("--unicode",), "check.table_unicode.txt"),
    ("json", ("--format", "json"), "check.json"),
    ("sarif", ("--format", "sarif"), "check.sarif"),
    ("github", ("--format", "github"), "check.github.txt"),
    ("junit", ("--format", "junit"), "check.junit.xml"),
    ("html", ("--format", "html"), "check.html"),
]


def normalise_version(out: bytes, version: str) -> bytes:
    """The tool version is the only thing normalised: SARIF's driver.version and "mrt X.Y.Z" (HTML footer)."""
    v = version.encode()
    out = out.replace(b'"name": "mrt",\n          "version": "' + v + b'"',
                      b'"name": "mrt",\n          "version": "@MRT_VERSION@"')
    return out.replace(b"mrt " + v, b"mrt @MRT_VERSION@")


@pytest.mark.parametrize("name, flags, golden", GOLDEN, ids=[g[0] for g in GOLDEN])
def test_check_golden(run_mrt, version, name, flags, golden):
    r = run_mrt(*CHECK, *flags)
    assert r.rc == 2, r
    assert r.err == "", r
    got = normalise_version(r.out, version)
    path = EXPECTED / golden
    if os.environ.get("MRT_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(got)
    assert path.is_file(), f"{path} missing: run with MRT_UPDATE_GOLDEN=1 to create it"
    want = path.read_bytes()
    if got != want:
        import difflib
        diff = "\n".join(difflib.unified_diff(want.decode("utf-8", "replace").splitlines(),
                                              got.decode("utf-8", "replace").splitlines(),
                                              str(path), "mrt output", lineterm="", n=2))
        pytest.fail(f"output differs from {path} (MRT_UPDATE_GOLDEN=1 rewrites it):\n{diff[:6000]}", pytrace=False)


def test_golden_table_looks_like_design(run_mrt):
    """Beyond byte equality: the Unicode table has box drawing corners and the DESIGN.md column heads."""
    text = (EXPECTED / "check.table_unicode.txt").read_text("utf-8")
    lines = text.splitlines()
    assert lines[0].startswith("┌──────────┬────────┬") and lines[0].endswith("┐")
    assert re.match(r"│ Revision │ Code   │ Pattern +│ Sev +│ Line │ Message +│$", lines[1])
    assert lines[-1] == "5 error(s)"
    ascii_text = (EXPECTED / "check.table_ascii.txt").read_text("ascii")  # pure ASCII
    assert ascii_text.splitlines()[0].startswith("+----------+--------+")


def test_other_outputs_parse(run_mrt):
    junit = ET.fromstring((EXPECTED / "check.junit.xml").read_bytes())
    assert junit.tag == "testsuites" and junit.get("tests") == "5" and junit.get("failures") == "5"
    html = (EXPECTED / "check.html").read_text("utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.count('<tr class="error">') == 5
    gh = (EXPECTED / "check.github.txt").read_text("utf-8").splitlines()
    assert len(gh) == 5 and all(line.startswith("::error file=tests/data/cli/project/migrations/versions/")
                                for line in gh)


# ---- SARIF schema -----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sarif_validator():
    try:
        import jsonschema
    except ImportError:
        jsonschema = None
    if jsonschema is None:
        unavailable("jsonschema is not installed (pip install -r requirements-dev.txt)")
    schema, why = None, None
    try:
        schema = load_sarif_schema()
    except SchemaUnavailable as e:
        why = str(e)
    if schema is None:
        unavailable(f"SARIF 2.1.0 schema unavailable: {why}")
    cls = jsonschema.validators.validator_for(schema)  # the schema declares draft-04
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def sarif_errors(validator, doc) -> list:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.path)))]


def test_sarif_validates_against_schema(run_mrt, sarif_validator):
    r = run_mrt(*CHECK, "--format", "sarif")
    assert r.rc == 2, r
    doc = json.loads(r.out)
    errors = sarif_errors(sarif_validator, doc)
    assert not errors, "\n".join(errors[:20])
    run = doc["runs"][0]
    assert doc["version"] == "2.1.0"
    assert run["tool"]["driver"]["name"] == "mrt"
    rules = [x["id"] for x in run["tool"]["driver"]["rules"]]
    assert {(res["properties"]["revision"], res["ruleId"]) for res in run["results"]} == ALL_FINDINGS
    for res in run["results"]:
        assert rules[res["ruleIndex"]] == res["ruleId"]
        uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri.startswith("tests/data/cli/project/migrations/versions/"), uri


def test_sarif_of_clean_project_and_schema_rejects_garbage(run_mrt, sarif_validator):
    r = run_mrt("check", "--rules", RULES, f"{DATA}/clean", "--format", "sarif")
    assert r.rc == 0, r
    doc = json.loads(r.out)
    assert not sarif_errors(sarif_validator, doc)
    assert doc["runs"][0]["results"] == []
    # the validator really validates: a result without a message is refused
    bad = json.loads((EXPECTED / "check.sarif").read_bytes())
    del bad["runs"][0]["results"][0]["message"]
    assert sarif_errors(sarif_validator, bad)


def test_sarif_of_graph_findings_validates(run_mrt, sarif_validator):
    """Graph findings (two heads, a duplicate id, a missing parent) have no column: still valid SARIF."""
    r = run_mrt("check", "--rules", RULES, "--recursive", "tests/data/projects/broken", "--format", "sarif")
    assert r.rc == 2, r
    doc = json.loads(r.out)
    errors = sarif_errors(sarif_validator, doc)
    assert not errors, "\n".join(errors[:20])
    assert "MRT035" in {res["ruleId"] for res in doc["runs"][0]["results"]}


# ---- JSON fields ----------------------------------------------------------------------------------------------------

def test_json_findings_carry_every_field(run_mrt):
    r = run_mrt(*CHECK, "--format", "json")
    assert r.rc == 2, r
    doc = json.loads(r.out)
    assert doc["summary"] == {"errors": 5, "warnings": 0, "info": 0, "files": 7}
    assert findings_of(r) == ALL_FINDINGS
    required = {"file", "line", "column", "revision", "rule", "aliases", "severity", "pattern", "message"}
    for f in doc["findings"]:
        assert required <= f.keys(), f
        assert isinstance(f["line"], int) and f["line"] > 0 and isinstance(f["column"], int) and f["column"] > 0
        assert f["file"].startswith(f"{VERSIONS}/") and f["file"].endswith(".py")
    drop = next(f for f in doc["findings"] if f["rule"] == "MRT004")
    assert drop["file"] == f"{VERSIONS}/2b000002_drop_phone.py"
    assert (drop["line"], drop["column"], drop["revision"]) == (16, 5, "2b000002")
    assert drop["aliases"] == ["MRT201", "MRT206", "MRT701"]
    assert (drop["severity"], drop["pattern"]) == ("error", "DROP COLUMN in upgrade")
    assert "'users.phone'" in drop["message"]
    syntax = next(f for f in doc["findings"] if f["rule"] == "MRT000")
    assert (syntax["file"], syntax["line"], syntax["aliases"]) == (f"{VERSIONS}/7a000007_syntax_error.py", 16, [])
    assert syntax["message"].startswith("Syntax error: ")


def test_output_file(run_mrt, tmp_path):
    out = tmp_path / "report.json"
    r = run_mrt(*CHECK, "--format", "json", "--output", out)
    assert r.rc == 2, r
    assert r.out == b"", r
    assert out.read_bytes() == run_mrt(*CHECK, "--format", "json").out


def test_output_file_in_missing_directory(run_mrt, tmp_path):
    r = run_mrt(*CHECK, "--output", tmp_path / "nope" / "report.txt")
    assert r.rc == 3, r
    assert f"--output {tmp_path / 'nope' / 'report.txt'}: No such file or directory" in r.err, r


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_check_write_error_exit_4(mrt_bin):
    with open("/dev/full", "wb") as full:
        p = subprocess.run([str(mrt_bin), *CHECK, "--format", "json"], cwd=str(REPO), env=mrt_env(), stdout=full,
                           stderr=subprocess.PIPE, timeout=20)
    assert p.returncode == 4, p
    assert b"mrt: could not write the report" in p.stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [
    ("parse", "--alembic-ini", PROJECT_INI),
    ("graph", "--alembic-ini", PROJECT_INI, "--format", "json"),
    ("rules", "--format", "json"),
    ("explain", "MRT004"),
], ids=["parse", "graph", "rules", "explain"])
def test_write_error_exit_4(mrt_bin, args):
    with open("/dev/full", "wb") as full:
        p = subprocess.run([str(mrt_bin), *args], cwd=str(REPO), env=mrt_env(), stdout=full, stderr=subprocess.PIPE,
                           timeout=20)
    assert p.returncode == 4, p
    assert p.stderr.startswith(b"mrt: ")


# ---- exit codes ---------------------------------------------------------------------------------------------------

def test_exit_0_clean(run_mrt):
    r = run_mrt("check", "--rules", RULES, f"{DATA}/clean")
    assert (r.rc, r.text) == (0, "No issues found (1 file(s) checked)\n"), r


def test_exit_1_warnings_only_and_2_with_strict(run_mrt):
    r = run_mrt("check", "--rules", RULES, f"{DATA}/warn", "--format", "json")
    assert r.rc == 1, r
    assert findings_of(r) == {("0001", "MRT900")}
    assert json.loads(r.out)["findings"][0]["severity"] == "warning"
    r = run_mrt("check", "--rules", RULES, f"{DATA}/warn", "--strict")
    assert r.rc == 2, r
    assert "1 warning(s)" in r.text


def test_exit_2_errors(run_mrt):
    assert run_mrt(*CHECK).rc == 2


def test_no_subcommand_is_check(run_mrt):
    r = run_mrt("--rules", "rules.d", VERSIONS)  # the design card's form, with the real rules.d
    assert r.rc == 2, r
    r = run_mrt("--rules", RULES, f"{DATA}/clean")
    assert (r.rc, r.text) == (0, "No issues found (1 file(s) checked)\n"), r
    a = run_mrt("--rules", RULES, VERSIONS, "--format", "json")
    b = run_mrt("check", "--rules", RULES, VERSIONS, "--format", "json")
    assert (a.rc, a.out) == (b.rc, b.out) and a.rc == 2


def test_check_uses_alembic_ini_in_cwd(run_mrt):
    r = run_mrt("check", "--rules", REPO / RULES, "--format", "json", cwd=REPO / DATA / "project")
    assert r.rc == 2, r
    assert findings_of(r) == ALL_FINDINGS


# ---- --select / --ignore -------------------------------------------------------------------------------------------

def rules_of(r) -> set:
    return {rule for _, rule in findings_of(r)}


ALL_RULES = {rule for _, rule in ALL_FINDINGS}


@pytest.mark.parametrize("option, value, expected", [
    ("--select", "MRT004", {"MRT004"}),
    ("--select", "MRT201", {"MRT004"}),                         # old code (alias)
    ("--select", "drop-column", {"MRT004"}),                    # name
    ("--select", "drop-table,MRT101", {"MRT005", "MRT001"}),
    ("--select", "MRT000", {"MRT000"}),                         # the built-in syntax-error rule
    ("--ignore", "MRT004", ALL_RULES - {"MRT004"}),
    ("--ignore", "MRT202", ALL_RULES - {"MRT005"}),
    ("--ignore", "noop-downgrade,MRT000", ALL_RULES - {"MRT002", "MRT000"}),
])
def test_select_ignore(run_mrt, option, value, expected):
    r = run_mrt(*CHECK, "--format", "json", option, value)
    assert r.rc == 2, r
    assert rules_of(r) == expected, r


def test_select_and_ignore_together(run_mrt):
    r = run_mrt(*CHECK, "--format", "json", "--select", "MRT004,MRT005", "--ignore", "drop-table")
    assert rules_of(r) == {"MRT004"}, r


@pytest.mark.parametrize("option, value", [("--select", "NOPE"), ("--ignore", "MRT999"),
                                           ("--select", "MRT004,no-such-rule")])
def test_select_ignore_unknown_id(run_mrt, option, value):
    r = run_mrt(*CHECK, option, value)
    assert r.rc == 3, r
    bad = value.split(",")[-1]
    assert f"mrt: {option}: no rule '{bad}'" in r.err, r
    assert r.out == b""


# ---- --since / --min-revision -------------------------------------------------------------------------------------

@pytest.mark.parametrize("option, rev, revisions", [
    ("--since", "4d000004", {"5e000005", "7a000007"}),
    ("--since", "4d", {"5e000005", "7a000007"}),                 # prefix
    ("--min-revision", "4d000004", {"4d000004", "5e000005", "7a000007"}),
    ("--min-revision", "4d", {"4d000004", "5e000005", "7a000007"}),
    ("--since", "1a000001", {"2b000002", "3c000003", "4d000004", "5e000005", "7a000007"}),
    ("--min-revision", "7a000007", {"7a000007"}),
])
def test_since_min_revision(run_mrt, option, rev, revisions):
    r = run_mrt(*CHECK, "--format", "json", option, rev)
    assert r.rc == 2, r
    assert {x for x, _ in findings_of(r)} == revisions, r


def test_since_head_says_nothing_to_check(run_mrt):
    r = run_mrt(*CHECK, "--since", "7a")
    assert r.rc == 0, r
    assert "mrt: note: no revision comes after 7a (7a000007): nothing to check" in r.err, r


@pytest.mark.parametrize("option", ["--since", "--min-revision"])
def test_since_unknown_revision(run_mrt, option):
    r = run_mrt(*CHECK, option, "zz99")
    assert r.rc == 3, r
    assert f"mrt: {option} zz99: no revision, branch label or revision prefix 'zz99'" in r.err, r
    assert r.out == b""


# ---- bad input --------------------------------------------------------------------------------------------------

def test_broken_yaml_rule_file(run_mrt):
    r = run_mrt("check", "--rules", f"{DATA}/bad/rules_broken_yaml", VERSIONS)
    assert r.rc == 3, r
    assert re.search(rf"^mrt: {DATA}/bad/rules_broken_yaml/MRT004\.yaml:8:\d+: YAML syntax error: ", r.err, re.M), r


def test_unknown_key_in_project_config(run_mrt):
    r = run_mrt(*CHECK, "--config", f"{DATA}/bad/mrt_unknown_key.yaml")
    assert r.rc == 3, r
    assert f"mrt: {DATA}/bad/mrt_unknown_key.yaml:4:1: unknown key 'selct' (did you mean 'select'?)" in r.err, r


def test_missing_config_file(run_mrt):
    r = run_mrt(*CHECK, "--config", f"{DATA}/bad/no_such_mrt.yaml")
    assert r.rc == 3, r
    assert f"{DATA}/bad/no_such_mrt.yaml" in r.err, r


def test_rule_naming_missing_plugin(run_mrt):
    r = run_mrt("check", "--rules", f"{DATA}/bad/rules_missing_plugin", VERSIONS)
    assert r.rc == 3, r
    assert re.search(rf"^mrt: {DATA}/bad/rules_missing_plugin/MRT004\.yaml:\d+: rule MRT004: cannot load plugin "
                     r"\S*/no_such_rule_plugin\.so: No such file or directory$", r.err, re.M), r


def test_plugin_built_for_another_abi(run_mrt, mrt_build_dir):
    fixtures = mrt_build_dir / "tests" / "plugin-fixtures"
    so = fixtures / "fixture_wrong_major.so"
    assert so.is_file(), f"{so} missing: build the target mrt_fixtures (tests/plugins/CMakeLists.txt)"
    r = run_mrt("check", "--rules", f"{DATA}/bad/rules_wrong_abi", "--plugin-dir", fixtures, VERSIONS)
    assert r.rc == 3, r
    assert re.search(rf"^mrt: {DATA}/bad/rules_wrong_abi/MRT004\.yaml:\d+: rule MRT004: \S*fixture_wrong_major\.so: "
                     r"plugin built for another ABI: core has ABI \d+\.\d+, plugin has \d+\.\d+", r.err, re.M), r


@pytest.mark.parametrize("args, message", [
    (("check", "--rules", RULES, "tests/data/cli/nonexistent"), "mrt: tests/data/cli/nonexistent: No such file or "
                                                                "directory"),
    (("check", "--rules", RULES, "--alembic-ini", f"{DATA}/nonexistent.ini"),
     f"mrt: cannot open {DATA}/nonexistent.ini: No such file or directory"),
    (("parse", f"{DATA}/nonexistent.py"), f"mrt: {DATA}/nonexistent.py: No such file or directory"),
    (("graph", "--alembic-ini", f"{DATA}/nonexistent.ini"), f"mrt: cannot open {DATA}/nonexistent.ini"),
])
def test_nonexistent_paths(run_mrt, args, message):
    r = run_mrt(*args)
    assert r.rc == 3, r
    assert message in r.err, r


def test_alembic_ini_is_a_directory(run_mrt, tmp_path):
    (tmp_path / "alembic.ini").mkdir()
    r = run_mrt("check", "--rules", REPO / RULES, "--alembic-ini", "alembic.ini", cwd=tmp_path)
    assert r.rc == 3, r
    assert "mrt: cannot read alembic.ini: Is a directory" in r.err, r


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_alembic_ini(run_mrt, tmp_path):
    ini = tmp_path / "alembic.ini"
    ini.write_text("[alembic]\nscript_location = migrations\n")
    ini.chmod(0)
    r = run_mrt("check", "--rules", REPO / RULES, "--alembic-ini", "alembic.ini", cwd=tmp_path)
    assert r.rc == 3, r
    assert "alembic.ini: Permission denied" in r.err, r


@pytest.mark.parametrize("where", ["helpers_only", "empty"])
def test_directory_without_migrations(run_mrt, tmp_path, where):
    if where == "helpers_only":
        d = REPO / DATA / "no_migrations"
    else:
        d = tmp_path / "versions"
        d.mkdir()
    r = run_mrt("check", "--rules", REPO / RULES, d)
    assert r.rc == 3, r
    assert str(d) in r.err and "migration" in r.err, r


BINARY_MIGRATION = (b'"""caf\xe9 \xff\xfe not UTF-8"""\nrevision = "0001"\ndown_revision = None\n\n'
                    b'def upgrade():\n    op.drop_column("users", "ph\xc3\x28one")\n\x00\x00 = 1\n\n'
                    b'def downgrade():\n    op.add_column("users", sa.Column("ph\xc3\x28one", sa.Text()))\n')


@pytest.mark.parametrize("fmt", ["table", "json", "sarif", "github", "junit", "html"])
def test_invalid_utf8_and_nul_bytes(run_mrt, tmp_path, fmt):
    (tmp_path / "0001_binary.py").write_bytes(BINARY_MIGRATION)
    r = run_mrt("check", "--rules", REPO / RULES, "0001_binary.py", "--format", fmt, cwd=tmp_path)
    assert r.rc == 2, r
    assert r.err == "", r
    text = r.out.decode("utf-8")  # the report is valid UTF-8 whatever the input
    assert "\x00" not in text and "\x1b" not in text
    if fmt == "json":
        doc = json.loads(text)
        got = {(f["rule"], f["line"]) for f in doc["findings"]}
        assert ("MRT000", 7) in got and ("MRT004", 6) in got, doc
        msg = next(f["message"] for f in doc["findings"] if f["rule"] == "MRT004")
        assert "\ufffd" in msg  # the invalid byte became U+FFFD
    elif fmt == "sarif":
        assert {x["ruleId"] for x in json.loads(text)["runs"][0]["results"]} >= {"MRT000", "MRT004"}
    elif fmt == "junit":
        assert ET.fromstring(r.out).get("failures") is not None
    elif fmt == "table":
        assert "MRT000" in text and "MRT004" in text


def test_empty_file_beside_a_migration(run_mrt, tmp_path):
    (tmp_path / "0000_empty.py").write_bytes(b"")
    (tmp_path / "1a000001_create_users.py").write_bytes((REPO / DATA / "clean/1a000001_create_users.py").read_bytes())
    r = run_mrt("check", "--rules", REPO / RULES, ".", cwd=tmp_path)
    assert (r.rc, r.text) == (0, "No issues found (1 file(s) checked)\n"), r


def test_empty_file_alone(run_mrt, tmp_path):
    (tmp_path / "0000_empty.py").write_bytes(b"")
    r = run_mrt("check", "--rules", REPO / RULES, "0000_empty.py", cwd=tmp_path)
    assert r.rc in (0, 3), r  # an error saying there is no migration, or clean; never a crash
    r = run_mrt("parse", "0000_empty.py", cwd=tmp_path)
    assert r.rc == 0, r
    model = json.loads(r.out)
    assert len(model) == 1 and model[0]["revision"] is None and model[0]["functions"] == []


# ---- rules, explain ---------------------------------------------------------------------------------------------

def test_rules_lists_mrt001_with_aliases(run_mrt):
    r = run_mrt("rules")
    assert r.rc == 0, r
    assert re.search(r"^ID +NAME +SEVERITY +ENABLED +DIALECTS +ALIASES$", r.text, re.M), r
    assert re.search(r"^MRT001 +missing-downgrade +error +yes +\S+ +MRT101$", r.text, re.M), r
    assert re.search(r"^MRT004 +drop-column +error +yes +\S+ +MRT201,MRT206,MRT701$", r.text, re.M), r


def test_rules_json(run_mrt):
    r = run_mrt("rules", "--format", "json")
    assert r.rc == 0, r
    rules = json.loads(r.out)
    assert isinstance(rules, list) and len(rules) >= 5
    by_id = {x["id"]: x for x in rules}
    assert len(by_id) == len(rules)
    for x in rules:
        assert {"id", "name", "severity", "aliases", "enabled", "dialects"} <= x.keys(), x
        assert re.fullmatch(r"MRT\d{3}", x["id"]) and x["severity"] in ("error", "warning", "info")
    assert by_id["MRT001"]["name"] == "missing-downgrade" and by_id["MRT001"]["aliases"] == ["MRT101"]
    assert by_id["MRT004"]["aliases"] == ["MRT201", "MRT206", "MRT701"]


def test_rules_with_project_config(run_mrt, tmp_path):
    cfg = tmp_path / "mrt.yaml"
    cfg.write_text("severity:\n  MRT004: warning\n  drop-table: \"off\"\n")
    r = run_mrt("rules", "--rules", RULES, "--config", cfg, "--format", "json")
    assert r.rc == 0, r
    by_id = {x["id"]: x for x in json.loads(r.out)}
    assert by_id["MRT004"]["severity"] == "warning" and by_id["MRT005"]["enabled"] is False


@pytest.mark.parametrize("key", ["MRT004", "MRT201", "drop-column"])
def test_explain(run_mrt, key):
    r = run_mrt("explain", key)
    assert r.rc == 0, r
    assert r.out == (REPO / "docs/rules/MRT004.md").read_bytes()
    assert r.text.startswith("# MRT004 drop-column\n")
    for section in ("## What it catches", "## Bad", "## Good"):
        assert section in r.text


def test_explain_unknown(run_mrt):
    r = run_mrt("explain", "NOPE")
    assert r.rc == 3, r
    assert "mrt: no rule 'NOPE': `mrt rules` lists them" in r.err, r


# ---- parse, graph ---------------------------------------------------------------------------------------------------

def test_parse_json(run_mrt):
    r = run_mrt("parse", f"{VERSIONS}/2b000002_drop_phone.py", "--format", "json")
    assert r.rc == 0, r
    models = json.loads(r.out)
    assert len(models) == 1
    m = models[0]
    assert (m["path"], m["revision"], m["down_revisions"]) == (f"{VERSIONS}/2b000002_drop_phone.py", "2b000002",
                                                               ["1a000001"])
    up = next(f for f in m["functions"] if f["role"] == "upgrade")
    assert [(op["name"], op["table"], op["line"]) for op in up["ops"]] == [("drop_column", "users", 16)]
    down = next(f for f in m["functions"] if f["role"] == "downgrade")
    assert [op["name"] for op in down["ops"]] == ["add_column"]


def test_parse_summary(run_mrt):
    r = run_mrt("parse", "--alembic-ini", PROJECT_INI, "--format", "summary")
    assert r.rc == 0, r
    lines = dict(line.split(": ") for line in r.text.splitlines())
    assert lines["files"] == "7" and lines["migrations"] == "7"
    assert lines["files with syntax errors"] == "1" and lines["unreadable files"] == "0"


def test_graph_branched_merged(run_mrt):
    r = run_mrt("graph", "--alembic-ini", "tests/data/projects/branched_merged/alembic.ini")
    assert r.rc == 0, r
    assert "no problems" in r.text and "(mergepoint)" in r.text


def test_graph_two_heads(run_mrt):
    r = run_mrt("graph", "--alembic-ini", "tests/data/projects/two_heads/alembic.ini")
    assert r.rc == 2, r
    j = run_mrt("graph", "--alembic-ini", "tests/data/projects/two_heads/alembic.ini", "--format", "json")
    assert j.rc == 2, j
    doc = json.loads(j.out)
    assert sum(1 for x in doc["revisions"] if x["is_head"]) == 2


def test_graph_json_of_project(run_mrt):
    r = run_mrt("graph", "--alembic-ini", PROJECT_INI, "--format", "json")
    assert r.rc == 0, r
    doc = json.loads(r.out)
    revs = [x["revision"] for x in doc["revisions"]]
    assert revs == ["1a000001", "2b000002", "3c000003", "4d000004", "5e000005", "6f000006", "7a000007"]
    assert [x["revision"] for x in doc["revisions"] if x["is_head"]] == ["7a000007"]


# ---- terminal detection ----------------------------------------------------------------------------------------

def test_pipe_gives_ascii_without_colour(run_mrt):
    for env in (None, {"NO_COLOR": "1"}):
        r = run_mrt(*CHECK, env=env)
        assert r.rc == 2, r
        assert b"\x1b" not in r.out
        assert r.out == (EXPECTED / "check.table_ascii.txt").read_bytes(), r


def run_in_pty(mrt_bin, args, env=None, cols=120, timeout=15.0):
    """Runs mrt with stdin/stdout/stderr on a pseudo-terminal of `cols` columns; returns (rc, output bytes)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, cols, 0, 0))
    attrs = termios.tcgetattr(slave)
    attrs[1] &= ~termios.ONLCR  # no \n -> \r\n translation: compare lines as mrt writes them
    termios.tcsetattr(slave, termios.TCSANOW, attrs)
    p = subprocess.Popen([str(mrt_bin), *map(str, args)], cwd=str(REPO), env=mrt_env(env), stdin=slave, stdout=slave,
                         stderr=slave, close_fds=True)
    os.close(slave)
    out = bytearray()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the child closed the terminal
                    break
                if not chunk:
                    break
                out += chunk
            elif p.poll() is not None:
                break
        rc = p.wait(timeout=max(0.1, deadline - time.monotonic()))
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
        os.close(master)
    assert rc >= 0, f"mrt crashed (signal {-rc}): {bytes(out)!r}"
    return rc, bytes(out)


def test_terminal_gives_box_drawing_and_colour(mrt_bin):
    rc, out = run_in_pty(mrt_bin, CHECK)
    text = out.decode("utf-8")
    assert rc == 2, text
    assert "\x1b[" in text, text
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    # the same table as the --unicode golden once the colours are taken out
    assert plain.encode() == (EXPECTED / "check.table_unicode.txt").read_bytes(), plain


@pytest.mark.parametrize("env, flags, box", [({"NO_COLOR": "1"}, (), False), (None, ("--no-color",), True),
                                             ({"NO_COLOR": "1"}, ("--unicode",), True)])
def test_terminal_without_colour(mrt_bin, env, flags, box):
    rc, out = run_in_pty(mrt_bin, CHECK + flags, env=env)
    text = out.decode("utf-8")
    assert rc == 2, text
    assert "\x1b" not in text, text
    if box:
        assert text.startswith("┌──────────┬"), text
    else:
        assert text.startswith("+----------+"), text


def test_terminal_width_wraps_messages(mrt_bin):
    rc, out = run_in_pty(mrt_bin, CHECK + ("--no-color",), cols=80)
    text = out.decode("utf-8")
    assert rc == 2, text
    widths = {len(line) for line in text.splitlines()[:-1]}
    assert max(widths) <= 80, (widths, text)


# ---- suppression comments on graph findings -------------------------------------------------------------------------

GRAPH_SUPPRESS = REPO / DATA / "graph_suppress"


def test_graph_finding_suppressed_by_comment_in_its_file(run_mrt, tmp_path):
    """MRT039 reports after every file was read; a `# mrt: ignore[MRT039]` on the op still silences it, and an
    ignore that matches nothing is reported as unused (MRT900)."""
    r = run_mrt("check", "--select", "MRT039,MRT900", "--format", "json", GRAPH_SUPPRESS)
    got = [(Path(f["file"]).name, f["line"], f["rule"]) for f in json.loads(r.out)["findings"]]
    assert got == [("003_readd_phone.py", 15, "MRT900")], r  # the fax ignore matches nothing
    assert "unused" in r.text.lower(), r

    # without the comment the finding is there
    for f in GRAPH_SUPPRESS.iterdir():
        (tmp_path / f.name).write_text(f.read_text().replace("# mrt: ignore[MRT039] phone numbers", "# phone numbers"))
    r = run_mrt("check", "--select", "MRT039,MRT900", "--format", "json", tmp_path)
    got = [(Path(f["file"]).name, f["line"], f["rule"]) for f in json.loads(r.out)["findings"]]
    assert ("003_readd_phone.py", 14, "MRT039") in got, r


# ---- --watch ----------------------------------------------------------------------------------------------------------

def test_watch_checks_again_after_a_change(mrt_bin, tmp_path):
    """`mrt check --watch` prints a report, then a new one when a migration changes; it keeps running until killed."""
    src = REPO / DATA / "graph_suppress" / "001_add_phone.py"
    mig = tmp_path / "001_add_phone.py"
    mig.write_text(src.read_text())
    p = subprocess.Popen([str(mrt_bin), "check", "--watch", "--select", "MRT004", "--format", "json", str(tmp_path)],
                         cwd=str(REPO), env=mrt_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out = b""
        deadline = time.monotonic() + 10
        while b"}\n" not in out and time.monotonic() < deadline:  # the first report
            out += os.read(p.stdout.fileno(), 65536)
        assert b'"findings": []' in out, out
        time.sleep(1.1)  # a new mtime second on coarse filesystems
        mig.write_text(src.read_text().replace('def upgrade():\n    op.add_column("users", sa.Column("phone", '
                                               'sa.String(32)))',
                                               'def upgrade():\n    op.drop_column("users", "phone")'))
        deadline = time.monotonic() + 10
        while b"MRT004" not in out and time.monotonic() < deadline:
            r, _, _ = select.select([p.stdout], [], [], 0.5)
            if r:
                out += os.read(p.stdout.fileno(), 65536)
        assert b"change detected" in out and b"MRT004" in out, out
        assert p.poll() is None, "--watch must keep running"
    finally:
        p.kill()
        p.wait()


def test_jobs_do_not_change_the_report(run_mrt, tmp_path):
    """--jobs 1 (read, parse, check one file at a time) and --jobs 2/4 (the next files read and parsed on a worker
    thread while the rules run) give the same bytes: 120 generated migrations plus a syntax error and a file that
    mrt.yaml excludes in the middle of the list. (A read error mid-list is covered by test_prefetch.)"""
    import sys
    subprocess.run([sys.executable, str(REPO / "bench" / "gen_migrations.py"), str(tmp_path), "--count", "120"],
                   check=True, stdout=subprocess.DEVNULL)
    versions = tmp_path / "migrations" / "versions"
    (versions / "0050_broken.py").write_text("revision = 'broken'\ndown_revision = None\ndef upgrade(:\n    pass\n")
    (versions / "0060_excluded.py").write_text("revision = 'excl'\ndown_revision = None\ndef upgrade(:\n")
    (tmp_path / "mrt.yaml").write_text("exclude:\n  - '*0060_excluded.py'\n")
    for fmt in ("json", "table", "sarif"):
        outs = [run_mrt("check", versions, "--rules", REPO / "rules.d", "--config", tmp_path / "mrt.yaml",
                        "--format", fmt, "--no-color", "--jobs", jobs, timeout=60) for jobs in ("1", "2", "4")]
        assert outs[0].rc == 2, outs[0]
        assert b"0050_broken.py" in outs[0].out and b"0060_excluded.py" not in outs[0].out
        for o in outs[1:]:
            assert (o.rc, o.out, o.err) == (outs[0].rc, outs[0].out, outs[0].err), fmt
