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
# Charts and certificates draw Chinese: a CJK font must be there (bot/reports/fonts.py
# looks for these files). As root we install one, once; otherwise we say how.
cjk_fonts=(/usr/share/fonts/truetype/wqy/wqy-microhei.ttc
    /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
    /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc)
has_cjk_font() {
    [ -n "${KEPU_CJK_FONT:-}" ] && [ -f "$KEPU_CJK_FONT" ] && return 0
    for font in "${cjk_fonts[@]}"; do [ -f "$font" ] && return 0; done
    return 1
}
if ! has_cjk_font; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        if [ ! -f .venv/.cjk-font-tried ]; then
            echo "正在安装中文字体 fonts-wqy-microhei（报表图表和志愿服务证明需要）…" >&2
            { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
                --no-install-recommends fonts-wqy-microhei; } >/dev/null 2>&1 \
                || echo "中文字体安装失败：请手动执行 apt-get install fonts-wqy-microhei" >&2
            touch .venv/.cjk-font-tried
        fi
    else
        echo "缺少中文字体（报表图表和志愿服务证明需要）：请执行 sudo apt-get install fonts-wqy-microhei" >&2
    fi
fi
cmd=${1:-bot}
shift || true
case "$cmd" in
    test) exec .venv/bin/python -m pytest "$@" ;;
    bot) exec .venv/bin/python -m bot "$@" ;;
    lint) exec .venv/bin/ruff check . ;;
    *) exec .venv/bin/python -m "$cmd" "$@" ;;
esac
