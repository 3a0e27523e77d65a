"""The report in a few lines of Chinese (pure): counted per action against targets, the
targets behind, and the entered figures, marked as entered."""

from __future__ import annotations

from bot.reports.progress import BEHIND, DONE, NOT_STARTED, ON_TRACK, TO_ENTER, PlanProgress

_ORDER = (DONE, ON_TRACK, BEHIND, TO_ENTER, NOT_STARTED)


def number(value: float) -> str:
    """12 → 12, 12.345 → 12.3, 20000 → 20000."""
    return f"{value:.0f}" if abs(value - round(value)) < 0.05 else f"{value:.1f}"


def summary_text(p: PlanProgress) -> str:
    plan, targets = p.plan, p.targets()
    sessions = sum(a.sessions for a in p.actions) + p.unassigned.sessions
    people = sum(a.attendance for a in p.actions) + p.unassigned.attendance
    hours = sum(a.volunteer_hours for a in p.actions) + p.unassigned.volunteer_hours
    lines = [
        f"{plan.name}{p.period.label}规划进度"
        f"（截至 {p.today.isoformat()}，时间进度 {p.elapsed:.0%}）",
        f"订单计数：完成服务 {sessions} 场次，服务 {people} 人次，志愿服务 {number(hours)} 小时"
        + (f"（其中未归入任务 {p.unassigned.sessions} 场次）" if p.unassigned.sessions else ""),
    ]
    for action in p.actions:
        mine = action.targets()
        counts = [(s, sum(1 for g in mine if g.status == s)) for s in _ORDER]
        said = "，".join(f"{s} {n}" for s, n in counts if n)
        lines.append(
            f"【{action.title}】{action.sessions} 场次、{action.attendance} 人次"
            + (f"；指标 {len(mine)} 项：{said}" if mine else "；无量化指标")
        )
    behind = [g for g in targets if g.status == BEHIND]
    if behind:
        lines.append("滞后指标：")
        lines += [
            f"  {g.task_id} {g.target.metric}：本期目标 {number(g.scaled)}{g.target.unit}，"
            f"{'订单计数' if g.by_orders else '人工填报'} {number(g.achieved)}"
            f"（{(g.share or 0):.0%}，应达 {g.expected:.0%}）"
            for g in behind
        ]
    entered = [g for g in targets if not g.by_orders and g.status != TO_ENTER]
    waiting = sum(1 for g in targets if g.status == TO_ENTER)
    if entered or waiting:
        lines.append("人工填报（不计入订单统计）：")
        lines += [
            f"  {g.task_id} {g.target.metric}：[填报] {number(g.entered)}{g.target.unit}"
            f" / 本期目标 {number(g.scaled)}{g.target.unit}（{g.status}）"
            for g in entered
        ]
        if waiting:
            lines.append(f"  另有 {waiting} 项指标订单无法计量，尚未填报")
    return "\n".join(lines)
