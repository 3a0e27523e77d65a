"""The plan's sheets: progress per target (with its native chart), counts per task."""

from __future__ import annotations

from bot.reports.measures import MEASURE_NAMES_ZH
from bot.reports.progress import PlanProgress
from bot.reports.xlsx import Column as C
from bot.reports.xlsx import Sheet
from bot.reports.xlsx_chart import BarChart
from catalog.schema import Period as Every

EVERY_ZH = {
    Every.per_year: "每年",
    Every.per_term: "每学期",
    Every.per_school_year: "每学年",
    Every.plan_period: "规划期内",
    Every.by_end: "到规划期末",
    Every.once: "未注明",
}


def progress_sheet(p: PlanProgress) -> Sheet:
    cols = [
        C("行动", 26),
        C("任务编号", 16),
        C("任务", 30),
        C("牵头单位", 22),
        C("指标", 40),
        C("原文", 50),
        C("计量方式", 14),
        C("来源", 10),
        C("规划目标", 10, "number"),
        C("单位", 6),
        C("目标期限", 10),
        C("本期目标", 10, "number"),
        C("订单计数", 10, "number"),
        C("人工填报", 10, "number"),
        C("完成值", 10, "number"),
        C("完成率", 9, "percent"),
        C("时间进度", 9, "percent"),
        C("状态", 9),
        C("折算说明", 36),
    ]
    rows = [
        (
            action.title,
            task.task.id,
            task.task.title,
            task.lead,
            f"{task.task.id} {g.target.metric}",
            g.target.quote,
            MEASURE_NAMES_ZH[g.measure],
            "订单计数" if g.by_orders else "人工填报",
            g.target.value,
            g.target.unit,
            EVERY_ZH[g.target.period],
            g.scaled,
            g.counted,
            g.entered,
            g.achieved,
            g.share,
            g.expected,
            g.status,
            g.how,
        )
        for action in p.actions
        for task in action.tasks
        for g in task.targets
    ]
    chart = BarChart(
        "规划指标完成率", 4, 15, "完成率", percent=True, height_rows=max(20, len(rows))
    )
    return Sheet("规划进度", cols, rows, chart)


def tasks_sheet(p: PlanProgress) -> Sheet:
    cols = [
        C("行动", 26),
        C("任务编号", 16),
        C("任务", 36),
        C("牵头单位", 22),
        C("完成场次", 10, "int"),
        C("服务人次", 10, "int"),
        C("志愿服务时长", 12, "number"),
        C("服务场所", 10, "int"),
        C("指标数", 8, "int"),
    ]
    rows = [
        (
            a.title,
            t.task.id,
            t.task.title,
            t.lead,
            t.tally.sessions,
            t.tally.attendance,
            t.tally.volunteer_hours,
            t.tally.places,
            len(t.targets),
        )
        for a in p.actions
        for t in a.tasks
    ]
    u = p.unassigned
    rows.append(
        ("未归入任务", "", "", "", u.sessions, u.attendance, u.volunteer_hours, u.places, 0)
    )
    return Sheet("任务统计", cols, rows)
