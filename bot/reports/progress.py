"""Progress against the plan, per action, task and target (pure).

Counted figures come from completed orders (what each counts toward, `counted_task`);
entered figures from the coordinator's progress entries. They are never added together:
a target measured by orders takes its counted figure, one orders cannot measure its
entered figure, and the other figure is shown beside it for reference.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.reports.measures import Measure, measure_of
from bot.reports.periods import Period
from bot.reports.scaling import level_start, plan_years, scale
from catalog.schema import Plan, Target, Task
from storage.reporting import Entry, TaskTally

DONE, ON_TRACK, BEHIND, TO_ENTER, NOT_STARTED = "已完成", "进度正常", "滞后", "待填报", "未开始"
# How a channel names each status (texts: progress.status.<key>), in the summary's order.
STATUS_KEYS = {
    DONE: "done",
    ON_TRACK: "on_track",
    BEHIND: "behind",
    TO_ENTER: "to_enter",
    NOT_STARTED: "not_started",
}


@dataclass
class Tallies:
    """The counted figures of one window: per task, and distinct volunteers overall."""

    by_task: dict[str | None, TaskTally]
    volunteers: int
    entries: list[Entry]

    def task(self, task_id: str) -> TaskTally:
        return self.by_task.get(task_id) or TaskTally(task_id, 0, 0, 0.0, 0)

    def entered(self, task_id: str, index: int) -> float:
        return sum(
            e.amount for e in self.entries if e.task_id == task_id and e.target_index == index
        )


@dataclass
class TargetProgress:
    task_id: str
    index: int  # position among the task's targets (as progress entries name it)
    target: Target
    measure: Measure
    scaled: float  # the target for the period
    how: str  # how it was scaled
    counted: float | None  # what orders measure (None: orders cannot)
    entered: float  # what the coordinator entered
    expected: float  # the share of the target due by now (time elapsed)
    status: str

    @property
    def by_orders(self) -> bool:
        return self.counted is not None

    @property
    def achieved(self) -> float:
        return self.counted if self.counted is not None else self.entered

    @property
    def share(self) -> float | None:
        if self.status == TO_ENTER:
            return None
        return self.achieved / self.scaled if self.scaled else None


@dataclass
class TaskProgress:
    task: Task
    lead: str
    tally: TaskTally
    targets: list[TargetProgress] = field(default_factory=list)


@dataclass
class ActionProgress:
    key: str
    title: str
    tasks: list[TaskProgress]

    @property
    def sessions(self) -> int:
        return sum(t.tally.sessions for t in self.tasks)

    @property
    def attendance(self) -> int:
        return sum(t.tally.attendance for t in self.tasks)

    @property
    def volunteer_hours(self) -> float:
        return sum(t.tally.volunteer_hours for t in self.tasks)

    def targets(self) -> list[TargetProgress]:
        return [g for t in self.tasks for g in t.targets]


@dataclass
class PlanProgress:
    plan: Plan
    period: Period
    today: date
    elapsed: float
    actions: list[ActionProgress]
    unassigned: TaskTally  # completions counted toward no task

    def targets(self) -> list[TargetProgress]:
        return [g for a in self.actions for g in a.targets()]


def _counted(measure: Measure, tally: TaskTally, volunteers: int) -> float | None:
    return {
        Measure.sessions: float(tally.sessions),
        Measure.sessions_per_place: tally.sessions / tally.places if tally.places else 0.0,
        Measure.people: float(tally.attendance),
        Measure.hours: tally.volunteer_hours,
        Measure.volunteers: float(volunteers),
        Measure.places: float(tally.places),
    }.get(measure)


def _status(achieved: float, goal: float, expected: float, started: bool) -> str:
    if goal and achieved >= goal:
        return DONE
    if not started:
        return NOT_STARTED
    return ON_TRACK if achieved >= goal * expected else BEHIND


def _target(
    plan: Plan, task: Task, index: int, period: Period, today: date, now: Tallies, to_date: Tallies
) -> TargetProgress:
    target = task.targets[index]
    measure = measure_of(target)
    scaled = scale(target, period, plan)
    source = to_date if scaled.level else now
    counted = _counted(measure, source.task(task.id), source.volunteers)
    entered = source.entered(task.id, index)
    if scaled.level:  # a level: due in step with the plan's years, whole after its end
        last = plan_years(plan)[1]
        span = (date(last, 12, 31) - level_start(plan)).days + 1
        expected = min(1.0, max(0.0, ((today - level_start(plan)).days + 1) / span))
    else:
        expected = period.elapsed(today)
    goal = scaled.value * scaled.met_at
    if counted is None and not any(
        e.task_id == task.id and e.target_index == index for e in source.entries
    ):
        status = TO_ENTER
    else:
        achieved = counted if counted is not None else entered
        status = _status(achieved, goal, expected, today >= period.first)
    return TargetProgress(
        task.id,
        index,
        target,
        measure,
        scaled.value,
        scaled.how,
        counted,
        entered,
        expected,
        status,
    )


def plan_progress(
    plan: Plan, period: Period, today: date, now: Tallies, to_date: Tallies
) -> PlanProgress:
    """`now`: the period's figures; `to_date`: from the plan's start to the period's end
    (for targets that are a level reached by the plan's end)."""
    actions = []
    for action in plan.actions:
        tasks = []
        for task in action.tasks:
            row = TaskProgress(task, "、".join(task.lead) or plan.coordinator, now.task(task.id))
            row.targets = [
                _target(plan, task, i, period, today, now, to_date)
                for i in range(len(task.targets))
            ]
            tasks.append(row)
        actions.append(ActionProgress(action.key.value, action.title, tasks))
    unassigned = now.by_task.get(None) or TaskTally(None, 0, 0, 0.0, 0)
    return PlanProgress(plan, period, today, period.elapsed(today), actions, unassigned)
