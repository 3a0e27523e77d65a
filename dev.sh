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
# The browser tests drive Debian's Chromium (and pages need a CJK font, and an emoji font
# for the bot's ✅ ⭐ 📱). Installed once, quietly, when missing and we may; otherwise those
# tests skip with one line saying why.
browser_packages() {
    # fc-list is read whole first: piped into grep -q under pipefail it could die of
    # SIGPIPE, and the check would fail at random.
    local fonts
    fonts=$(fc-list 2>/dev/null || true)
    if [ -x /usr/bin/chromium ] && grep -i "cjk" <<<"$fonts" >/dev/null \
        && grep -i "emoji" <<<"$fonts" >/dev/null; then
        return 0
    fi
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "dev.sh: installing Debian's chromium, fonts-noto-cjk and fonts-noto-color-emoji" \
            "for the browser tests" >&2
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            chromium fonts-noto-cjk fonts-noto-color-emoji >/dev/null
    fi
}
case "$cmd" in
    test) browser_packages; exec .venv/bin/python -m pytest "$@" ;;
    bot) exec .venv/bin/python -m bot "$@" ;;
    lint) exec .venv/bin/ruff check . ;;
    *) exec .venv/bin/python -m "$cmd" "$@" ;;
esac
