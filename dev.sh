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
# Charts, certificates and the web pages draw Chinese: a CJK font must be there
# (bot/reports/fonts.py looks for these files). The browser tests drive Debian's Chromium.
# Installed once, quietly, when missing and we may (root with apt); otherwise we say how,
# and the browser tests skip with one line saying why.
cjk_fonts=(/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
    /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
    /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc)
has_cjk_font() {
    [ -n "${KEPU_CJK_FONT:-}" ] && [ -f "$KEPU_CJK_FONT" ] && return 0
    for font in "${cjk_fonts[@]}"; do [ -f "$font" ] && return 0; done
    return 1
}
debian_packages() {
    local wanted=()
    has_cjk_font || wanted+=(fonts-noto-cjk)
    if [ "${1:-}" = browser ]; then  # and an emoji font, for the bot's ✅ ⭐ 📱 in screenshots
        [ -x /usr/bin/chromium ] || wanted+=(chromium)
        [ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || wanted+=(fonts-noto-color-emoji)
    fi
    [ ${#wanted[@]} = 0 ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "dev.sh: installing ${wanted[*]} (Chinese in charts and pages; browser tests)" >&2
        { DEBIAN_FRONTEND=noninteractive apt-get update -qq \
            && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
                "${wanted[@]}"; } >/dev/null 2>&1 \
            || echo "dev.sh: could not install ${wanted[*]}: apt-get install ${wanted[*]}" >&2
    else
        echo "缺少 ${wanted[*]}：请执行 sudo apt-get install ${wanted[*]}" >&2
    fi
}
cmd=${1:-bot}
shift || true
case "$cmd" in
    test) debian_packages browser; exec .venv/bin/python -m pytest "$@" ;;
    bot) debian_packages; exec .venv/bin/python -m bot "$@" ;;
    lint) exec .venv/bin/ruff check . ;;
    *) exec .venv/bin/python -m "$cmd" "$@" ;;
esac
