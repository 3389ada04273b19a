#!/usr/bin/env bash
# Installs what building and testing pytest-mrt needs on a Debian machine, idempotently:
#   Debian packages (compiler, CMake, libraries, Check, valgrind, clang for the fuzzers) and a Python venv (.venv)
#   with Alembic, SQLAlchemy, pytest and the database drivers.
# Safe to run again: it installs only what is missing.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

pkgs=(build-essential cmake pkg-config libyaml-dev libjansson-dev check libsqlite3-dev sqlite3 libpq-dev
      libmariadb-dev valgrind clang libclang-rt-14-dev python3-venv)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

venv="$here/.venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
stamp="$venv/.requirements.sha"
want=$(sha256sum "$here/requirements-dev.txt" | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$here/requirements-dev.txt"
  echo "$want" > "$stamp"
fi
