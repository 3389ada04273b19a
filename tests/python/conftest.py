"""Shared fixtures of the Python tests: where the built `mrt` is, and a runner for it.

The build directory is ``$MRT_BUILD_DIR`` (scripts/test.sh sets it to ``<repo>/build``), default ``<repo>/build``.
Tests that need the binary fail with a message saying how to build it when it is missing.
"""
from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# Environment variables that change what mrt prints or where it looks: the tests set what they need themselves.
_HERMETIC_UNSET = ("NO_COLOR", "COLUMNS", "MRT_RULES_DIR", "MRT_PLUGIN_DIR", "MRT_DB_URL", "CLICOLOR_FORCE")


def build_dir() -> Path:
    return Path(os.environ.get("MRT_BUILD_DIR") or REPO / "build").resolve()


@pytest.fixture(scope="session")
def mrt_build_dir() -> Path:
    d = build_dir()
    if not (d / "core" / "mrt").is_file():
        pytest.fail(f"the mrt binary is missing: {d / 'core' / 'mrt'} does not exist. Build it first "
                    f"(`cmake -S {REPO} -B {d} && cmake --build {d}`) or point MRT_BUILD_DIR at a build directory.",
                    pytrace=False)
    return d


@pytest.fixture(scope="session")
def mrt_bin(mrt_build_dir: Path) -> Path:
    return mrt_build_dir / "core" / "mrt"


@dataclass
class MrtResult:
    args: list
    rc: int
    out: bytes   # stdout, raw
    err: str     # stderr, decoded (invalid bytes replaced)

    @property
    def text(self) -> str:
        return self.out.decode("utf-8")

    def __str__(self) -> str:  # shown in assertion messages
        return (f"mrt {' '.join(map(str, self.args))} -> exit {self.rc}\n--- stdout ---\n"
                f"{self.out.decode('utf-8', 'replace')[:3000]}\n--- stderr ---\n{self.err[:3000]}")


def mrt_env(extra: dict | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in _HERMETIC_UNSET}
    env.update(extra or {})
    return env


@pytest.fixture(scope="session")
def run_mrt(mrt_bin: Path):
    """run_mrt(*args, cwd=REPO, env=None, timeout=20) -> MrtResult. Runs from the repo root by default with stdout
    and stderr on pipes; asserts that mrt was not killed by a signal and printed no sanitizer report."""

    def run(*args, cwd: Path | str = REPO, env: dict | None = None, timeout: float = 20) -> MrtResult:
        p = subprocess.run([str(mrt_bin), *map(str, args)], cwd=str(cwd), env=mrt_env(env), stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
        r = MrtResult(list(args), p.returncode, p.stdout, p.stderr.decode("utf-8", "replace"))
        assert r.rc >= 0, f"mrt crashed (signal {-r.rc})\n{r}"
        assert "Sanitizer" not in r.err and "runtime error:" not in r.err, f"sanitizer report\n{r}"
        return r

    return run
