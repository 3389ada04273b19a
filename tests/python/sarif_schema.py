"""The SARIF 2.1.0 JSON schema for the CLI tests, fetched on demand and never committed.

The schema comes from the npm package ``@microsoft/jest-sarif@1.0.0-beta.0``, which ships it as
``package/lib/schemas/sarif-2.1.0-rtm.5.json``. ``npm pack`` downloads the tarball (through npm's own registry
configuration, proxy and cache) into a cache directory; the schema is read straight out of the tarball, nothing is
extracted to disk. The tarball's SHA-256 is pinned, so a corrupted or different download is refused.

Cache directory, first that applies: ``$MRT_CACHE_DIR``; ``<repo>/.venv/cache`` when ``<repo>/.venv`` exists (the
venv scripts/bootstrap.sh makes; ignored by git); ``$XDG_CACHE_HOME/pytest-mrt``; ``~/.cache/pytest-mrt``.

``load_sarif_schema()`` raises ``SchemaUnavailable`` with a message saying what to do when npm or the registry cannot
be reached; the test decides whether that is a failure (CI) or a skip.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

NPM_PACKAGE = "@microsoft/jest-sarif"
NPM_VERSION = "1.0.0-beta.0"
TARBALL = "microsoft-jest-sarif-1.0.0-beta.0.tgz"
TARBALL_SHA256 = "748e2c3d1a842e7bb258416685c7ea3a0da40005b72267b2052c2856d48ad102"
SCHEMA_MEMBER = "package/lib/schemas/sarif-2.1.0-rtm.5.json"
NPM_TIMEOUT = 180  # seconds


class SchemaUnavailable(Exception):
    """The schema could not be obtained; the message says why and what to do."""


def cache_dir() -> Path:
    env = os.environ.get("MRT_CACHE_DIR")
    if env:
        return Path(env)
    if (REPO / ".venv").is_dir():
        return REPO / ".venv" / "cache"
    xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(xdg) / "pytest-mrt"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(65536), b""):
            h.update(block)
    return h.hexdigest()


def _download(dest: Path) -> None:
    """npm pack into a fresh temporary directory beside dest, check the hash, then move it into place atomically."""
    npm = shutil.which("npm")
    if not npm:
        raise SchemaUnavailable(
            f"npm is not installed: it is needed to fetch the SARIF 2.1.0 schema ({NPM_PACKAGE}@{NPM_VERSION}); "
            f"install Node.js/npm, or put {TARBALL} (sha256 {TARBALL_SHA256}) into {dest.parent}")
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dest.parent, prefix=".npm-pack-") as tmp:
        cmd = [npm, "pack", f"{NPM_PACKAGE}@{NPM_VERSION}", "--ignore-scripts", "--loglevel=error",
               "--fetch-retries=1", "--fetch-retry-mintimeout=2000", "--fetch-retry-maxtimeout=10000"]
        try:
            p = subprocess.run(cmd, cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               timeout=NPM_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise SchemaUnavailable(f"`{' '.join(cmd[1:])}` did not finish in {NPM_TIMEOUT} s (registry unreachable?)")
        except OSError as e:
            raise SchemaUnavailable(f"cannot run npm: {e}")
        got = Path(tmp) / TARBALL
        if p.returncode != 0 or not got.is_file():
            tail = "\n".join((p.stderr or p.stdout).strip().splitlines()[:6]) or "(nothing)"
            raise SchemaUnavailable(
                f"`npm pack {NPM_PACKAGE}@{NPM_VERSION}` failed (exit {p.returncode}); is the npm registry "
                f"reachable? npm said:\n{tail}")
        digest = _sha256(got)
        if digest != TARBALL_SHA256:
            raise SchemaUnavailable(f"{NPM_PACKAGE}@{NPM_VERSION} from npm has sha256 {digest}, expected "
                                    f"{TARBALL_SHA256}: refusing to use it")
        os.replace(got, dest)


def load_sarif_schema() -> dict:
    """Returns the SARIF 2.1.0 (rtm.5) JSON schema as a dict, downloading the npm tarball once."""
    tarball = cache_dir() / TARBALL
    if not tarball.is_file() or _sha256(tarball) != TARBALL_SHA256:
        _download(tarball)
    try:
        with tarfile.open(tarball, "r:gz") as tf:
            f = tf.extractfile(SCHEMA_MEMBER)
            if f is None:
                raise SchemaUnavailable(f"{tarball}: {SCHEMA_MEMBER} is not a regular file")
            return json.loads(f.read().decode("utf-8"))
    except KeyError:
        raise SchemaUnavailable(f"{tarball} has no {SCHEMA_MEMBER}")
    except (tarfile.TarError, OSError, ValueError) as e:
        raise SchemaUnavailable(f"cannot read {SCHEMA_MEMBER} from {tarball}: {e}")
