"""The people's sheets: volunteer hours by person and by team, ratings, entered progress."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.clock import local_text
from bot.reports.data import RatingTally, ReportData
from bot.reports.sheets_orders import day_serials
from bot.reports.xlsx import Column as C
from bot.reports.xlsx import Sheet
from storage.times import parse


def people_sheet(data: ReportData) -> Sheet:
    cols = [
        C("志愿者编号", 14, "int"),
        C("姓名", 14),
        C("服务队", 30),
        C("服务次数", 9, "int"),
        C("志愿服务时长", 12, "number"),
        C("积分", 10, "number"),
    ]
    rows = [(p.person_id, p.name, p.teams, p.services, p.hours, p.points) for p in data.people]
    return Sheet("志愿者时长", cols, rows)


def teams_sheet(data: ReportData) -> Sheet:
    cols = [
        C("服务队编号", 16),
        C("服务队", 28),
        C("服务次数", 9, "int"),
        C("署名志愿者", 10, "int"),
        C("志愿服务时长", 12, "number"),
        C("积分", 10, "number"),
    ]
    rows = [(t.team_id, t.team, t.services, t.volunteers, t.hours, t.points) for t in data.teams]
    return Sheet("服务队时长", cols, rows)


def ratings_sheet(data: ReportData) -> Sheet:
    cols = [C("服务队", 28), C("完成", 8, "int"), C("已评价", 8, "int"), C("平均分", 8, "number")]
    cols += [C(f"{n}星", 6, "int") for n in range(1, 6)]
    total = RatingTally("合计", 0, 0, [0] * 5)
    for r in data.ratings:
        total.completed, total.rated = total.completed + r.completed, total.rated + r.rated
        total.stars = [a + b for a, b in zip(total.stars, r.stars, strict=True)]
    rows = [(r.team, r.completed, r.rated, r.average, *r.stars) for r in [*data.ratings, total]]
    return Sheet("服务评价", cols, rows)


def entries_sheet(data: ReportData) -> Sheet:
    cols = [
        C("任务编号", 16),
        C("指标序号", 8, "int"),
        C("填报数", 10, "number"),
        C("说明", 40),
        C("日期", 11, "date"),
        C("填报人", 14),
        C("填报时间", 20),
    ]
    days = day_serials()
    rows = [
        (
            e.task_id,
            e.target_index + 1,
            e.amount,
            e.note,
            days[e.on_date],
            e.entered_by,
            local_text(parse(e.entered_at) or datetime.now(UTC)),
        )
        for e in data.now.entries
    ]
    return Sheet("人工填报", cols, rows)
