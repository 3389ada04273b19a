"""Tests of the Alembic runner (pytest_mrt/runner.py) and of the test projects in tests/alembic.

    /work/venv-dev/bin/python -m pytest tests/python/test_runner.py

The runner is driven over its real protocol (a subprocess, stdin/stdout), on SQLite files in a temporary directory.
"""

import json
import os
import sqlite3
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
PROJECTS = os.path.join(SOURCE, "tests", "alembic")
sys.path.insert(0, PROJECTS)
sys.path.insert(0, SOURCE)

import oracle  # noqa: E402  (tests/alembic/oracle.py)
from oracle import RunnerClient, RunnerTimeout  # noqa: E402
from pytest_mrt import runner as mrt_runner  # noqa: E402


def ini(project):
    return os.path.join(PROJECTS, project, "alembic.ini")


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "scratch.db"
    return path, "sqlite:///%s" % path


@pytest.fixture
def start(db):
    clients = []

    def _start(project, url=None, **kw):
        c = RunnerClient(ini(project), url or db[1], **kw)
        clients.append(c)
        return c

    yield _start
    for c in clients:
        c.close()


def ok(ans):
    assert ans["ok"] is True, ans
    assert isinstance(ans["duration"], float) and ans["duration"] >= 0
    return ans


def current(c):
    return ok(c.call(cmd="current"))["current"]


# ---- greeting and graph --------------------------------------------------------------------------------------

def test_hello(start):
    c = start("lossy")
    h = c.hello
    assert h["ok"] is True
    assert h["hello"] == "pytest_mrt.runner"
    assert h["protocol"] == 1
    assert h["pid"] == c.proc.pid
    import alembic
    import sqlalchemy
    assert h["alembic"] == alembic.__version__
    assert h["sqlalchemy"] == sqlalchemy.__version__


def test_graph_linear(start):
    g = ok(start("lossy").call(cmd="graph", id="g1"))
    assert g["id"] == "g1"
    revs = g["revisions"]
    assert [r["revision"] for r in revs] == sorted(f[:-3] for f in os.listdir(
        os.path.join(PROJECTS, "lossy", "migrations", "versions")) if f.endswith(".py"))
    assert len(revs) == 20
    assert revs[0] == {
        "revision": "0001_initial",
        "down_revisions": [],
        "branch_labels": [],
        "depends_on": [],
        "path": os.path.join(PROJECTS, "lossy", "migrations", "versions", "0001_initial.py"),
        "doc": "initial schema: users and settings",
    }
    assert revs[2]["down_revisions"] == ["0002_add_phone"]
    assert revs[2]["doc"] == "drop users.phone: we only use email now"
    assert g["heads"] == ["0020_unique_product_name"]
    assert g["bases"] == ["0001_initial"]


def test_graph_branched(start):
    g = ok(start("branched").call(cmd="graph"))
    revs = {r["revision"]: r for r in g["revisions"]}
    order = [r["revision"] for r in g["revisions"]]
    assert order == ["0001_base", "0004_b_tags", "0002_a_add_email", "0003_a_drop_legacy", "0005_merge",
                     "0006_drop_tags"]
    assert revs["0005_merge"]["down_revisions"] == ["0003_a_drop_legacy", "0004_b_tags"]
    assert revs["0004_b_tags"]["branch_labels"] == ["tags"]
    assert revs["0002_a_add_email"]["branch_labels"] == []
    assert g["heads"] == ["0006_drop_tags"]
    assert g["bases"] == ["0001_base"]
    # every revision comes after its parents
    for i, r in enumerate(order):
        for p in revs[r]["down_revisions"]:
            assert order.index(p) < i


# ---- commands ------------------------------------------------------------------------------------------------

def test_upgrade_downgrade_stamp_current(start, db):
    c = start("reversible")
    assert current(c) == []
    ok(c.call(cmd="upgrade", rev="0003_rename_email"))
    assert current(c) == ["0003_rename_email"]
    con = sqlite3.connect(db[0])
    cols = [r[1] for r in con.execute("PRAGMA table_info(customers)")]
    con.close()
    assert cols == ["id", "name", "email_address"]
    ok(c.call(cmd="upgrade", rev="0003_rename_email@+2"))
    assert current(c) == ["0005_index_amount"]
    ok(c.call(cmd="upgrade", rev="heads"))
    assert current(c) == ["0008_rename_invoices"]
    ok(c.call(cmd="downgrade", target="0008_rename_invoices@-1"))
    assert current(c) == ["0007_widen_memo"]
    ok(c.call(cmd="downgrade", rev="-2"))  # "rev" is accepted as a synonym of "target"
    assert current(c) == ["0005_index_amount"]
    ok(c.call(cmd="downgrade", target="base"))
    assert current(c) == []
    con = sqlite3.connect(db[0])
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY 1")]
    con.close()
    assert tables == ["alembic_version"]
    ok(c.call(cmd="stamp", rev="0004_invoice_status"))
    assert current(c) == ["0004_invoice_status"]
    ok(c.call(cmd="stamp", rev="base"))
    assert current(c) == []


def test_stamp_purge_and_several_heads(start, db):
    c = start("branched")
    ok(c.call(cmd="stamp", rev=["0003_a_drop_legacy", "0004_b_tags"]))
    assert sorted(current(c)) == ["0003_a_drop_legacy", "0004_b_tags"]
    # a version table with an unknown revision: only purge gets out of it
    con = sqlite3.connect(db[0])
    con.execute("UPDATE alembic_version SET version_num = 'deadbeef' WHERE version_num = '0004_b_tags'")
    con.commit()
    con.close()
    a = c.call(cmd="stamp", rev="0002_a_add_email")
    assert a["ok"] is False
    ok(c.call(cmd="stamp", rev="0002_a_add_email", purge=True))
    assert current(c) == ["0002_a_add_email"]


def test_branch_aware_downgrades(start):
    c = start("branched")
    ok(c.call(cmd="upgrade", rev="heads"))
    assert current(c) == ["0006_drop_tags"]
    ok(c.call(cmd="downgrade", target="0005_merge"))
    # naming one parent of the merge unapplies only the merge
    ok(c.call(cmd="downgrade", target="0004_b_tags"))
    assert sorted(current(c)) == ["0003_a_drop_legacy", "0004_b_tags"]
    # r@-1 steps down r's own branch and leaves the other alone
    ok(c.call(cmd="downgrade", target="0004_b_tags@-1"))
    assert current(c) == ["0003_a_drop_legacy"]
    ok(c.call(cmd="upgrade", rev="0004_b_tags"))
    assert sorted(current(c)) == ["0003_a_drop_legacy", "0004_b_tags"]


def test_sql(start):
    c = start("reversible")
    ok(c.call(cmd="upgrade", rev="0001_initial"))
    a = ok(c.call(cmd="sql", sql="INSERT INTO customers (id, name, email) VALUES (1, 'Zoë', 'z@x')"))
    assert a["rows"] is None
    a = ok(c.call(cmd="sql", sql="SELECT id, name, 1.5 AS f, x'00ff' AS b, NULL AS n FROM customers"))
    assert a["columns"] == ["id", "name", "f", "b", "n"]
    assert a["rows"] == [[1, "Zoë", 1.5, "00ff", None]]


# ---- errors --------------------------------------------------------------------------------------------------

def test_errors_carry_types_and_runner_keeps_serving(start):
    c = start("broken")
    ok(c.call(cmd="upgrade", rev="0001_initial"))
    ok(c.call(cmd="stamp", rev="0003_report_archived"))
    ok(c.call(cmd="upgrade", rev="0004_irreversible_ledger"))
    a = c.call(cmd="downgrade", target="0004_irreversible_ledger@-1", id=7)
    assert a["ok"] is False
    assert a["id"] == 7
    assert a["type"] == "NotImplementedError"
    assert a["error"] == "ledger entries cannot be split again"
    assert "0004_irreversible_ledger.py" in a["traceback"]
    assert "raise NotImplementedError" in a["traceback"]
    assert current(c) == ["0004_irreversible_ledger"]

    a = c.call(cmd="upgrade", rev="nosuchrev")
    assert (a["ok"], a["type"]) == (False, "CommandError")
    assert "nosuchrev" in a["error"]
    assert current(c) == ["0004_irreversible_ledger"]


def test_upgrade_failing_on_data(start, db):
    c = start("broken")
    ok(c.call(cmd="upgrade", rev="0002_require_region"))  # passes on an empty table
    ok(c.call(cmd="downgrade", target="0001_initial"))
    ok(c.call(cmd="sql", sql="INSERT INTO accounts (id, name, balance) VALUES (1, 'a', 2.5)"))
    a = c.call(cmd="upgrade", rev="0002_require_region")
    assert (a["ok"], a["type"]) == (False, "IntegrityError")
    assert "NOT NULL constraint failed" in a["error"]
    assert current(c) == ["0001_initial"]


@pytest.mark.parametrize("line, message", [
    (b"not json\n", "request is not JSON"),
    (b"[1, 2]\n", "request must be a JSON object"),
    (b'{"rev": "x"}\n', "request needs a 'cmd' string"),
    (b'{"cmd": "fly"}\n', "unknown command 'fly'"),
    (b'{"cmd": "upgrade"}\n', "request 'upgrade' needs 'rev'"),
    (b'{"cmd": "upgrade", "rev": 3}\n', "'rev' must be a non-empty string"),
    (b'{"cmd": "upgrade", "rev": "a:b"}\n', "range revision 'a:b' not allowed"),
    (b'{"cmd": "downgrade"}\n', "request 'downgrade' needs 'target'"),
    (b'{"cmd": "stamp", "rev": []}\n', "'stamp' needs 'rev'"),
    (b'{"cmd": "stamp", "rev": "heads", "purge": "yes"}\n', "'purge' must be true or false"),
    (b'{"cmd": "sql"}\n', "'sql' needs a non-empty 'sql' string"),
])
def test_protocol_errors(start, line, message):
    c = start("reversible")
    a = c.raw(line)
    assert a["ok"] is False
    assert a["type"] == "ProtocolError"
    assert a["error"].startswith(message), a["error"]
    assert "traceback" not in a
    ok(c.call(cmd="ping"))


def test_id_echo_and_blank_lines(start):
    c = start("reversible")
    a = c.raw(b'\n   \n{"cmd": "ping", "id": {"n": [1, 2]}}\n')
    assert a == {"ok": True, "duration": a["duration"], "id": {"n": [1, 2]}}
    a = c.raw(b'{"cmd": "nope", "id": "x"}\n')
    assert (a["ok"], a["id"]) == (False, "x")


def test_quit_and_end_of_input(start):
    c = start("reversible")
    assert c.call(cmd="quit")["ok"] is True
    assert c.proc.wait(10) == 0
    c = start("reversible")
    c.proc.stdin.close()
    assert c.proc.wait(10) == 0


def test_bad_ini_greets_with_error(tmp_path):
    c = RunnerClient(str(tmp_path / "missing.ini"), "sqlite://")
    try:
        assert c.hello["ok"] is False
        assert c.hello["hello"] == "pytest_mrt.runner"
        assert c.hello["type"] == "FileNotFoundError"
        assert c.proc.wait(10) == 2
    finally:
        c.close()


def test_hung_migration_can_be_killed(start):
    c = start("hang", extra_env={"MRT_TEST_HANG_SECONDS": "60"})
    ok(c.call(cmd="upgrade", rev="0001_initial"))
    with pytest.raises(RunnerTimeout):
        c.call(timeout=1.5, cmd="upgrade", rev="0002_slow_backfill")
    assert c.proc.poll() is not None


# ---- isolation of the protocol -------------------------------------------------------------------------------

def test_prints_and_stdin_reads_do_not_break_the_protocol(start, tmp_path, db):
    c = start("config_connection")
    ok(c.call(cmd="upgrade", rev="heads"))
    assert current(c) == ["0003_member_since"]
    assert "dropping members.phone" in c.stderr_text()
    # a project whose env.py prints and reads stdin
    proj = tmp_path / "noisy"
    (proj / "migrations" / "versions").mkdir(parents=True)
    with open(ini("reversible")) as f:
        (proj / "alembic.ini").write_text(f.read())
    (proj / "migrations" / "script.py.mako").write_text("")
    with open(os.path.join(PROJECTS, "reversible", "migrations", "env.py")) as f:
        env = f.read()
    env = ("import sys, os\nprint('{\"ok\": false, \"fake\": 1}')\nsys.stdout.flush()\n"
           "os.write(1, b'raw write to fd 1\\n')\nprint('stdin says', repr(sys.stdin.read()))\n") + env
    (proj / "migrations" / "env.py").write_text(env)
    (proj / "migrations" / "versions" / "a1.py").write_text(
        'revision = "a1"\ndown_revision = None\nbranch_labels = None\ndepends_on = None\n'
        "def upgrade():\n    print('hello from upgrade', flush=True)\n"
        "def downgrade():\n    pass\n")
    c2 = RunnerClient(str(proj / "alembic.ini"), "sqlite:///%s" % (tmp_path / "noisy.db"))
    try:
        ok(c2.call(cmd="upgrade", rev="heads"))
        assert ok(c2.call(cmd="current"))["current"] == ["a1"]
        err = c2.stderr_text()
        assert "raw write to fd 1" in err
        assert "hello from upgrade" in err
        assert "stdin says ''" in err
    finally:
        c2.close()


def test_both_env_styles(start, tmp_path):
    # generic env.py: engine_from_config(sqlalchemy.url) — the runner sets the URL
    c = start("lossy")
    ok(c.call(cmd="upgrade", rev="0003_drop_phone"))
    assert current(c) == ["0003_drop_phone"]
    # config.attributes["connection"] only: its ini's URL points nowhere, so this works only through the connection
    c = start("config_connection", url="sqlite:///%s" % (tmp_path / "cc.db"))
    ok(c.call(cmd="upgrade", rev="0002_drop_phone"))
    assert current(c) == ["0002_drop_phone"]
    con = sqlite3.connect(str(tmp_path / "cc.db"))
    cols = [r[1] for r in con.execute("PRAGMA table_info(members)")]
    con.close()
    assert cols == ["id", "name"]


def test_alembic_cli_agrees(tmp_path):
    """The test projects are real: plain `alembic` runs the generic ones."""
    alembic = os.path.join(os.path.dirname(sys.executable), "alembic")
    if not os.path.exists(alembic):
        pytest.skip("no alembic script next to this python")
    with open(ini("reversible")) as f:
        text = f.read()
    text = text.replace("%(here)s/migrations", os.path.join(PROJECTS, "reversible", "migrations"))
    text = text.replace("%(here)s/reversible.db", str(tmp_path / "cli.db"))
    (tmp_path / "alembic.ini").write_text(text)
    for cmd in (["upgrade", "heads"], ["downgrade", "base"]):
        subprocess.run([alembic, "-c", str(tmp_path / "alembic.ini"), *cmd], check=True, cwd=str(tmp_path),
                       input=b"", capture_output=True)
    assert (tmp_path / "cli.db").exists()
    assert not os.path.exists(os.path.join(PROJECTS, "reversible", "reversible.db"))


# ---- masking -------------------------------------------------------------------------------------------------

def test_masker():
    m = mrt_runner.Masker(["postgresql://alice:pa%40ss-w0rd@db.example/app"])
    assert m("connect postgresql://alice:pa%40ss-w0rd@db.example/app failed") == \
        "connect postgresql://alice:***@db.example/app failed"
    assert m("password was pa@ss-w0rd, encoded pa%40ss-w0rd") == "password was ***, encoded ***"
    assert m("mysql+pymysql://bob:other@h/x") == "mysql+pymysql://bob:***@h/x"
    assert m("no secrets here") == "no secrets here"
    assert mrt_runner.Masker([None, "sqlite:///x.db"])("sqlite:///x.db") == "sqlite:///x.db"


def test_password_never_in_answers(start, tmp_path):
    pw = "S3cret-Passw0rd"
    url = "postgresql://mrt:%s@127.0.0.1:1/nowhere?connect_timeout=2" % pw
    c = start("reversible", url=url)
    assert pw not in json.dumps(c.hello)
    a = c.call(cmd="upgrade", rev="heads")
    assert a["ok"] is False
    assert pw not in json.dumps(a)
    # a migration that puts the URL in its error
    proj = tmp_path / "leaky"
    (proj / "migrations" / "versions").mkdir(parents=True)
    with open(ini("reversible")) as f:
        (proj / "alembic.ini").write_text(f.read())
    (proj / "migrations" / "env.py").write_text(
        "from alembic import context\n"
        "raise RuntimeError('cannot use ' + context.config.get_main_option('sqlalchemy.url'))\n")
    (proj / "migrations" / "versions" / "a1.py").write_text(
        'revision = "a1"\ndown_revision = None\ndef upgrade():\n    pass\ndef downgrade():\n    pass\n')
    # in process, with a SQLite engine standing in for the server the URL names
    import sqlalchemy

    r = mrt_runner.Runner(str(proj / "alembic.ini"), url)
    r._engine = sqlalchemy.create_engine("sqlite:///%s" % (tmp_path / "x.db"))
    try:
        a, _ = mrt_runner.handle(r, '{"cmd": "current"}', mrt_runner.Masker([url, r.url]))
    finally:
        r.close()
    assert (a["ok"], a["type"]) == (False, "RuntimeError")
    assert a["error"].startswith("cannot use postgresql")
    assert a["error"].endswith("://mrt:***@127.0.0.1:1/nowhere?connect_timeout=2")
    assert pw not in a["traceback"]
    assert "RuntimeError: cannot use postgresql" in a["traceback"]


def test_driver_fallback():
    import importlib.util
    from sqlalchemy.engine import make_url

    url = "postgresql://u:p@h/db"
    got = mrt_runner.usable_url(url)
    dialect = make_url(url).get_dialect()
    try:
        (getattr(dialect, "import_dbapi", None) or dialect.dbapi)()
        assert got == url
    except ImportError:
        if importlib.util.find_spec("psycopg2"):
            assert got == "postgresql+psycopg2://u:p@h/db"
    assert mrt_runner.usable_url("postgresql+psycopg2://u:p@h/db") == "postgresql+psycopg2://u:p@h/db"
    assert mrt_runner.usable_url("sqlite:///x.db") == "sqlite:///x.db"
    assert mrt_runner.usable_url(None) is None


def test_percent_in_url_survives_the_ini():
    url = "postgresql+psycopg2://u:p%40ss%25@h/db"
    r = mrt_runner.Runner(ini("reversible"), url)
    assert r.config.get_main_option("sqlalchemy.url") == url
    assert r.url == url


# ---- one load of the revision files --------------------------------------------------------------------------

def test_revision_files_are_loaded_once(db, monkeypatch):
    import alembic.script.base as base

    loaded = []
    real = base.util.load_python_file

    def counting(dir_, filename):
        loaded.append(filename)
        return real(dir_, filename)

    monkeypatch.setattr(base.util, "load_python_file", counting)
    r = mrt_runner.Runner(ini("reversible"), db[1])
    try:
        for req in ({"cmd": "graph"}, {"cmd": "upgrade", "rev": "heads"}, {"cmd": "downgrade", "target": "base"},
                    {"cmd": "upgrade", "rev": "0004_invoice_status"}, {"cmd": "current"}):
            ans, quit_ = mrt_runner.handle(r, json.dumps(req), mrt_runner.Masker())
            assert ans["ok"], ans
    finally:
        r.close()
    versions = sorted(f for f in loaded if f != "env.py")
    assert versions == sorted(f for f in os.listdir(os.path.join(PROJECTS, "reversible", "migrations", "versions"))
                              if f.endswith(".py"))
    assert loaded.count("env.py") == 4  # env.py runs once per database command


# ---- the test projects say what expected.json says -----------------------------------------------------------

with open(os.path.join(PROJECTS, "expected.json"), encoding="utf-8") as _f:
    EXPECTED = json.load(_f)["projects"]


@pytest.mark.parametrize("project", sorted(EXPECTED))
def test_projects_match_expected_json(project):
    got = oracle.walk(project, timeout=3.0 if project == "hang" else 120.0)
    want = EXPECTED[project]
    assert list(got) == list(want)
    for rev, w in want.items():
        assert (rev, got[rev]["status"], got[rev]["kinds"]) == (rev, w["status"], w["kinds"])
