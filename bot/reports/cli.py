"""`python -m bot report --jurisdiction dalad --period 2026 --out report.xlsx [--png DIR]`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from bot.domain.clock import local_date
from bot.domain.workflow import InvalidInput


def run_report(args: argparse.Namespace, services_factory) -> int:  # type: ignore[no-untyped-def]
    from bot.reports.build import build_report

    async def work(services):  # type: ignore[no-untyped-def]
        today = local_date(services.clock.now())
        return await build_report(
            services.db,
            services.catalog,
            args.jurisdiction,
            args.period,
            today,
            charts=args.png is not None,
        )

    try:
        report = asyncio.run(services_factory(work))
    except InvalidInput as exc:
        print(f"无法生成报表：{exc.message}", file=sys.stderr)
        return 2
    out = Path(args.out)
    out.write_bytes(report.workbook)
    print(report.text)
    print(f"\n工作簿已写入 {out}（{len(report.workbook) / 1024:.0f} KB）")
    if report.charts_failed:
        print(f"未能绘制图表：{report.charts_failed}", file=sys.stderr)
        return 1
    if args.png is not None:
        folder = Path(args.png)
        folder.mkdir(parents=True, exist_ok=True)
        for name, png in report.charts.items():
            (folder / name).write_bytes(png)
        print(f"图表已写入 {folder}：{'、'.join(report.charts)}")
    return 0
