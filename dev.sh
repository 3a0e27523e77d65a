#!/usr/bin/env bash
# One entry point for a fresh machine: it makes .venv, installs the pinned
# project into it when pyproject.toml changes, then runs what was asked.
#   ./dev.sh bot [args]     run the bot (python -m bot)
#   ./dev.sh test [args]    run the test suite
#   ./dev.sh <module> ...   run python -m <module> ... (e.g. ./dev.sh catalog route ...)
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PY" -m venv .venv
fi
stamp=.venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)
if [ ! -f "$stamp" ]; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
    rm -f .venv/.installed-*
    touch "$stamp"
fi
cmd=${1:-bot}
shift || true
case "$cmd" in
    test) exec .venv/bin/python -m pytest "$@" ;;
    bot) exec .venv/bin/python -m bot "$@" ;;
    lint) exec .venv/bin/ruff check . ;;
    *) exec .venv/bin/python -m "$cmd" "$@" ;;
esac
