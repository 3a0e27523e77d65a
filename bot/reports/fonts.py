"""The CJK font charts and certificates are drawn with, registered with matplotlib by path.

`./dev.sh` installs Debian's fonts-wqy-microhei when no CJK font is found (as root),
so a fresh machine has one; KEPU_CJK_FONT names another file.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
)


class NoCJKFont(RuntimeError):
    def __init__(self) -> None:
        super().__init__(
            "未找到中文字体：请以 root 运行一次 ./dev.sh（会安装 fonts-wqy-microhei），"
            "或执行 apt-get install fonts-wqy-microhei，或用 KEPU_CJK_FONT 指定字体文件"
        )


def font_path() -> Path:
    named = os.environ.get("KEPU_CJK_FONT")
    for candidate in ([named] if named else []) + list(CANDIDATES):
        if Path(candidate).is_file():
            return Path(candidate)
    raise NoCJKFont()


@cache
def use_cjk_font() -> str:
    """Register the font with matplotlib (once per process) and make it the default;
    returns its family name. Imports matplotlib: call it only when drawing."""
    from matplotlib import font_manager, rcParams

    path = str(font_path())
    font_manager.fontManager.addfont(path)
    name = font_manager.FontProperties(fname=path).get_name()
    rcParams["font.family"] = [name]
    rcParams["axes.unicode_minus"] = False  # the font's minus sign is the ASCII one
    rcParams["pdf.fonttype"] = 42  # embed the font itself (a subset), not Type 3 glyphs
    rcParams["svg.fonttype"] = "none"
    return name
