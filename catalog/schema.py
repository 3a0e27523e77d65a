"""The plan catalog's data model, validated on load.

One `Plan` per jurisdiction. Agencies are kept exactly as the plan prints them;
the registry (`catalog.agencies`) resolves short and full names to one entry.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator


class ActionKey(StrEnum):
    youth = "youth"
    farmers = "farmers"
    workers = "workers"
    elderly = "elderly"
    officials = "officials"
    tech_resources = "tech_resources"
    informatization = "informatization"
    infrastructure = "infrastructure"
    grassroots = "grassroots"


ACTION_ORDER: tuple[ActionKey, ...] = tuple(ActionKey)

# Canonical Chinese names of the nine actions; a plan's own heading may differ
# (e.g. 农区居民 / 牧民), so each Action also stores the title as printed.
ACTION_NAMES: dict[ActionKey, str] = {
    ActionKey.youth: "青少年科学素质提升行动",
    ActionKey.farmers: "农牧民科学素质提升行动",
    ActionKey.workers: "产业工人科学素质提升行动",
    ActionKey.elderly: "老年人科学素质提升行动",
    ActionKey.officials: "领导干部和公务员科学素质提升行动",
    ActionKey.tech_resources: "科技资源科普化工程",
    ActionKey.informatization: "科普信息化提升工程",
    ActionKey.infrastructure: "科普基础设施建设工程",
    ActionKey.grassroots: "基层科普能力提升工程",
}

TASK_ID = re.compile(r"^(?P<action>[a-z_]+)\.(?P<n>[1-9]\d*)$")

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Period(StrEnum):
    per_year = "per_year"  # 每年
    per_term = "per_term"  # 每学期
    per_school_year = "per_school_year"  # 每学年
    plan_period = "plan_period"  # “十四五”期间 / 五年 (2021–2025, cumulative)
    by_end = "by_end"  # 到 2025 年 / “十四五”末 (a level reached by the end)
    once = "once"  # no period printed


class Comparator(StrEnum):
    at_least = ">="
    about = "~"
    equal = "="


class Target(BaseModel):
    """A quantitative target printed in a task's text."""

    model_config = ConfigDict(extra="forbid")

    metric: NonEmpty  # what is counted, in the plan's words
    value: float = Field(gt=0)
    value_max: float | None = None  # for ranges such as 1-2 项
    unit: NonEmpty
    comparator: Comparator = Comparator.equal
    period: Period = Period.once
    scope: str = ""  # 每校 / 每名劳动力 / "" for the whole jurisdiction
    quote: NonEmpty  # the clause it was read from


class Task(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=TASK_ID.pattern)
    title: NonEmpty
    summary: str = ""
    text: str = ""
    lead: list[NonEmpty] = Field(default_factory=list)
    responsible: list[NonEmpty] = Field(default_factory=list)
    all_members: bool = False  # 责任单位 is "各成员单位" rather than named agencies
    responsible_note: str = ""  # the phrase as printed when all_members is set
    keywords: list[NonEmpty] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)

    @property
    def action(self) -> ActionKey:
        match = TASK_ID.match(self.id)
        assert match is not None  # guaranteed by the field pattern
        return ActionKey(match["action"])

    @property
    def number(self) -> int:
        return int(self.id.rsplit(".", 1)[1])


class Action(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: ActionKey
    title: NonEmpty  # as printed in the plan
    tasks: list[Task]

    @model_validator(mode="after")
    def _tasks_belong(self) -> Action:
        for i, task in enumerate(self.tasks, start=1):
            if task.action != self.key:
                raise ValueError(f"task {task.id} listed under action {self.key}")
            if task.number != i:
                raise ValueError(f"tasks of {self.key} must be numbered 1..n, got {task.id}")
        if not self.tasks:
            raise ValueError(f"action {self.key} has no tasks")
        return self


class Plan(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: NonEmpty  # 达拉特旗
    parent: NonEmpty  # 鄂尔多斯市 / 锡林郭勒盟 / 内蒙古自治区
    code: str = Field(pattern=r"^[A-Z]{2,4}$")  # prefix of order codes, e.g. DLT
    title: NonEmpty
    date: str = ""  # YYYY-MM-DD when the plan prints one
    coordinator: NonEmpty  # the jurisdiction's 科学技术协会, as an agency name
    agency_aliases: dict[NonEmpty, list[NonEmpty]] = Field(default_factory=dict)
    actions: list[Action]

    @model_validator(mode="after")
    def _all_nine_actions(self) -> Plan:
        keys = [a.key for a in self.actions]
        if keys != list(ACTION_ORDER):
            raise ValueError(f"plan {self.id} must list the nine actions in order, got {keys}")
        return self

    def tasks(self) -> list[Task]:
        return [t for a in self.actions for t in a.tasks]

    def task(self, task_id: str) -> Task | None:
        return next((t for t in self.tasks() if t.id == task_id), None)

    def action(self, key: ActionKey | str) -> Action:
        return next(a for a in self.actions if a.key == key)
