"""The 志愿服务记录证明 as a printable A4 PDF, drawn with matplotlib's PDF backend.

The CJK font is embedded (a subset, TrueType), so the file prints the same anywhere;
the file carries no creation date, so the same certificate gives the same bytes.
"""

from __future__ import annotations

import io
from typing import Any

from bot.reports.certificate import certificate_lines
from bot.reports.summary import number
from storage.certificates import Certificate

ROWS_PER_PAGE = 22
# (left edge, title, characters that fit at 9 pt); the hours are set flush right.
_COLUMNS = ((0.08, "服务日期", 10), (0.22, "服务内容", 25), (0.61, "服务队", 16))
_HOURS_X = 0.92


def _page(
    pdf: Any,
    cert: Certificate,
    services: list[dict[str, Any]],
    page: int,
    pages: int,
    first_row: int,
) -> None:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8.27, 11.69))  # A4
    fig.text(0.5, 0.93, "志愿服务记录证明", ha="center", fontsize=24)
    fig.text(0.92, 0.895, f"证明编号：{cert.number}", ha="right", fontsize=10)
    y = 0.85
    if page == 1:
        for line in certificate_lines(cert):
            fig.text(0.08, y, line, fontsize=12)
            y -= 0.03
        y -= 0.01
    for x, title, _ in _COLUMNS:
        fig.text(x, y, title, fontsize=10)
    fig.text(_HOURS_X, y, "时长（小时）", fontsize=10, ha="right")
    fig.add_artist(_rule(fig, y - 0.008))
    y -= 0.03
    for n, s in enumerate(services, start=first_row):
        for (x, _, fits), value in zip(_COLUMNS, (s["date"], s["content"], s["team"]), strict=True):
            fig.text(x, y, _fit(value, fits), fontsize=9)
        fig.text(_HOURS_X, y, number(s["hours"]), fontsize=9, ha="right")
        fig.text(0.05, y, str(n), fontsize=8, color="#666666")
        y -= 0.027
    if page == pages:
        c = cert.content
        fig.add_artist(_rule(fig, y + 0.012))
        fig.text(0.08, y - 0.01, f"合计：{len(c['services'])} 次", fontsize=11)
        fig.text(_HOURS_X, y - 0.01, f"{number(c['total_hours'])} 小时", fontsize=11, ha="right")
        fig.text(0.92, 0.14, f"出具单位：{c['issuer']}（盖章）", ha="right", fontsize=12)
        fig.text(0.92, 0.11, f"出具日期：{_chinese_date(cert.issued_on)}", ha="right", fontsize=12)
    fig.text(
        0.5,
        0.04,
        f"第 {page} 页 / 共 {pages} 页    证明编号 {cert.number}",
        ha="center",
        fontsize=8,
        color="#666666",
    )
    pdf.savefig(fig)


def _fit(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: chars - 1] + "…"


def _rule(fig: Any, y: float) -> Any:
    from matplotlib.lines import Line2D

    return Line2D([0.07, 0.93], [y, y], transform=fig.transFigure, color="#333333", linewidth=0.8)


def _chinese_date(iso_day: str) -> str:
    year, month, day = iso_day.split("-")
    return f"{year}年{int(month)}月{int(day)}日"


def certificate_pdf(cert: Certificate) -> bytes:
    from matplotlib.backends.backend_pdf import PdfPages

    from bot.reports.fonts import use_cjk_font

    use_cjk_font()
    services = cert.content["services"]
    chunks = [services[i : i + ROWS_PER_PAGE] for i in range(0, len(services), ROWS_PER_PAGE)]
    out = io.BytesIO()
    meta = {"Title": f"志愿服务记录证明 {cert.number}", "CreationDate": None, "Producer": None}
    with PdfPages(out, metadata=meta) as pdf:
        for page, chunk in enumerate(chunks, start=1):
            _page(pdf, cert, chunk, page, len(chunks), 1 + (page - 1) * ROWS_PER_PAGE)
    return out.getvalue()
