"""Plan progress and the units' figures, in words: what /progress and the digest show."""

from __future__ import annotations

from bot.reports.progress import (
    STATUS_KEYS,
    ActionProgress,
    PlanProgress,
    TargetProgress,
    TaskProgress,
)
from bot.reports.summary import number
from bot.services.unit_records import AgencyView, Figures, StationView, TeamView
from texts import t

LIMIT = 4000  # characters a message may carry, with room to spare


def status_counts(targets: list[TargetProgress], locale: str) -> str:
    """已完成 1，滞后 2 … in the summary's order; statuses no target has are left out."""
    counts = [(key, sum(1 for g in targets if STATUS_KEYS[g.status] == key)) for key in _ORDER]
    return t(locale, "list.sep").join(
        t(locale, "progress.status_count", status=t(locale, f"progress.status.{k}"), n=n)
        for k, n in counts
        if n
    )


_ORDER = tuple(STATUS_KEYS.values())


def overview(p: PlanProgress, locale: str) -> str:
    lines = [
        t(
            locale,
            "progress.head",
            plan=p.plan.name,
            period=p.period.label,
            today=p.today.isoformat(),
            elapsed=f"{p.elapsed:.0%}",
        ),
        _counted(p, locale),
    ]
    lines += [_action_line(a, locale) for a in p.actions]
    lines.append(t(locale, "progress.foot"))
    return "\n".join(lines)


def _counted(p: PlanProgress, locale: str) -> str:
    u = p.unassigned
    line = t(
        locale,
        "progress.counted",
        sessions=sum(a.sessions for a in p.actions) + u.sessions,
        people=sum(a.attendance for a in p.actions) + u.attendance,
        hours=number(sum(a.volunteer_hours for a in p.actions) + u.volunteer_hours),
    )
    return line + (t(locale, "progress.unassigned", n=u.sessions) if u.sessions else "")


def _action_line(a: ActionProgress, locale: str) -> str:
    mine = a.targets()
    said = (
        t(locale, "progress.action_targets", n=len(mine), statuses=status_counts(mine, locale))
        if mine
        else t(locale, "progress.action_none")
    )
    return t(
        locale,
        "progress.action",
        title=a.title,
        sessions=a.sessions,
        people=a.attendance,
        targets=said,
    )


def action_detail(p: PlanProgress, a: ActionProgress, locale: str) -> list[str]:
    """One action's tasks and targets, cut into messages that fit."""
    head = t(locale, "progress.action_head", title=a.title, plan=p.plan.name, period=p.period.label)
    blocks = [head] + [task_block(task, locale) for task in a.tasks]
    return fit(blocks)


def task_block(task: TaskProgress, locale: str, lead: bool = True) -> str:
    title = t(locale, "progress.task", id=task.task.id, title=task.task.title, lead=task.lead)
    if not lead:
        title = f"{task.task.id} {task.task.title}"
    lines = [title]
    if task.tally.sessions:
        lines.append(
            t(
                locale,
                "progress.task_sessions",
                sessions=task.tally.sessions,
                people=task.tally.attendance,
            )
        )
    lines += [target_line(g, locale) for g in task.targets] or [t(locale, "progress.no_targets")]
    return "\n".join(lines)


def target_line(g: TargetProgress, locale: str) -> str:
    goal, unit, metric = number(g.scaled), g.target.unit, g.target.metric
    key = STATUS_KEYS[g.status]
    if key == "to_enter":
        return t(locale, "progress.target_waiting", metric=metric, goal=goal, unit=unit)
    share = (
        t(locale, "progress.target_share", share=f"{g.share:.0%}", expected=f"{g.expected:.0%}")
        if g.share is not None
        else ""
    )
    return t(
        locale,
        "progress.target",
        metric=metric,
        goal=goal,
        unit=unit,
        source=t(locale, f"progress.source.{'counted' if g.by_orders else 'entered'}"),
        achieved=number(g.achieved),
        share=share,
        status=t(locale, f"progress.status.{key}"),
    )


def fit(blocks: list[str], limit: int = LIMIT) -> list[str]:
    """Blocks joined into as few messages as fit; a block longer than a message is cut."""
    messages: list[str] = []
    for block in blocks:
        block = block[:limit]
        if messages and len(messages[-1]) + 1 + len(block) <= limit:
            messages[-1] += "\n" + block
        else:
            messages.append(block)
    return messages


def rating(w: Figures, locale: str) -> str:
    if not w.rated or w.average_rating is None:
        return t(locale, "view.unrated")
    return t(locale, "view.rating", rating=f"{w.average_rating:.1f}", n=w.rated)


def agency_view(v: AgencyView, locale: str) -> list[str]:
    head = [
        t(locale, "agency.view_head", agency=v.agency.name, period=v.period.label),
        t(
            locale,
            "agency.view_figures",
            completed=v.figures.completed,
            rating=rating(v.figures, locale),
            hours=number(v.figures.hours),
            waiting=v.waiting,
        ),
        t(locale, "agency.view_tasks", n=len(v.tasks))
        if v.tasks
        else t(locale, "agency.view_no_tasks"),
    ]
    return fit(["\n".join(head)] + [task_block(task, locale) for task in v.tasks])


def station_view(v: StationView, locale: str) -> str:
    lines = [
        t(locale, "station.view_head", station=v.station.name, period=v.period.label),
        t(
            locale,
            "station.view_figures",
            completed=v.figures.completed,
            rating=rating(v.figures, locale),
            hours=number(v.figures.hours),
        ),
    ]
    states = t(locale, "list.sep").join(
        f"{t(locale, f'state.{s}')} {n}" for s, n in sorted(v.open_by_state.items())
    )
    lines.append(t(locale, "station.view_open", states=states or t(locale, "digest.none")))
    return "\n".join(lines)


def team_view(v: TeamView, locale: str) -> str:
    lines = [t(locale, "team.view_head", team=v.team.name, period=v.period.label)]
    if v.totals is None:
        return "\n".join([*lines, t(locale, "team.view_none")])
    lines.append(
        t(
            locale,
            "team.view_figures",
            services=v.totals.services,
            volunteers=v.totals.volunteers,
            hours=number(v.totals.hours),
            points=number(v.totals.points),
        )
    )
    lines += [
        t(
            locale,
            "team.view_member",
            name=m.name,
            services=m.services,
            hours=number(m.hours),
            points=number(m.points),
        )
        for m in v.members
    ]
    return "\n".join(lines)[:LIMIT]
