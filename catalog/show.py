"""The `show` and `agencies` commands: a plan's tree and its agency registry."""

from __future__ import annotations

from typing import IO

from catalog.agencies import Registry
from catalog.loader import UnknownJurisdiction, load_plan
from catalog.schema import Plan, Target

_PERIOD_ZH = {
    "per_year": "每年",
    "per_term": "每学期",
    "per_school_year": "每学年",
    "plan_period": "“十四五”期间累计",
    "by_end": "到2025年",
    "once": "",
}
_COMPARATOR_ZH = {">=": "不少于", "~": "约", "=": ""}


def describe_target(target: Target) -> str:
    value = f"{target.value:g}" + (f"–{target.value_max:g}" if target.value_max else "")
    parts = [
        _PERIOD_ZH[target.period],
        target.scope,
        target.metric,
        _COMPARATOR_ZH[target.comparator],
        f"{value}{target.unit}",
    ]
    return "".join(p for p in parts if p)


def _plan_or_error(plan_id: str, out: IO[str]) -> Plan | None:
    try:
        return load_plan(plan_id)
    except UnknownJurisdiction as exc:
        out.write(f"错误：{exc}\n")
        return None


def show_plan(plan_id: str, out: IO[str]) -> int:
    plan = _plan_or_error(plan_id, out)
    if plan is None:
        return 2
    out.write(f"{plan.title}\n{plan.name}（{plan.parent}）  {plan.date or '未注明日期'}")
    out.write(f"  统筹：{plan.coordinator}\n")
    for action in plan.actions:
        out.write(f"\n{action.key}  {action.title}\n")
        for task in action.tasks:
            lead = "、".join(task.lead) or f"方案未列（由{plan.coordinator}统筹）"
            out.write(f"  {task.id:<20}{task.title}\n")
            out.write(f"  {'':<20}牵头：{lead}\n")
            if task.all_members:
                out.write(f"  {'':<20}责任：{task.responsible_note}\n")
            elif task.responsible:
                out.write(f"  {'':<20}责任：{'、'.join(task.responsible)}\n")
            for target in task.targets:
                out.write(f"  {'':<20}目标：{describe_target(target)}\n")
    return 0


def show_agencies(plan_id: str, out: IO[str]) -> int:
    plan = _plan_or_error(plan_id, out)
    if plan is None:
        return 2
    registry = Registry(plan)
    for agency in sorted(registry.agencies, key=lambda a: a.name):
        others = sorted(agency.aliases - {agency.name})
        out.write(f"{agency.id}  {agency.name}")
        out.write(f"  （也作：{'、'.join(others)}）\n" if others else "\n")
    return 0
