"""Which figure of the completions, if any, measures a plan target (pure).

A completed order is one session (场次) delivered to `attendance` people (人次) by
`volunteers` volunteers for `hours` hours, at a place. A target is matched on its unit
first and then on the words of its metric, in the order of `RULES` (the first rule that
holds wins); what no rule matches (建成、命名、创建 something, percentages, areas,
households, projects, app registrations) is left to the coordinator to enter.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from catalog.schema import Target


class Measure(StrEnum):
    sessions = "sessions"  # completed orders
    sessions_per_place = "sessions_per_place"  # completed orders per place served (每校…)
    people = "people"  # attendance, 人次
    hours = "hours"  # volunteer-hours (hours × volunteers)
    volunteers = "volunteers"  # distinct volunteers named in reports
    places = "places"  # distinct places served
    manual = "manual"  # 需人工填报


MEASURE_NAMES_ZH = {
    Measure.sessions: "服务场次",
    Measure.sessions_per_place: "每处服务场次",
    Measure.people: "服务人次",
    Measure.hours: "志愿服务时长",
    Measure.volunteers: "参与志愿者",
    Measure.places: "覆盖学校/场所",
    Measure.manual: "需人工填报",
}

SESSION_UNITS = ("场次", "场", "次", "期")
PEOPLE_UNITS = ("人次", "人", "名")
PLACE_UNITS = ("所", "个", "处")
HOUR_UNITS = ("小时", "时")
NEVER_COUNTED = ("%", "平米", "平方米", "项", "户")

# A place counts as served by visiting it (科普进校园覆盖30所学校), not by building it.
COVER_WORDS = ("覆盖", "走进", "进校", "进村", "进社区", "服务", "开展")
BUILD_WORDS = ("建成", "建设", "建立", "命名", "创建", "争创", "培育", "打造", "遴选", "落实")
# People are counted by attendance when they are trained or served; a count of
# registrations (信息员注册人数) is a level no order measures.
SERVE_WORDS = ("培训", "服务", "指导", "人才", "讲座", "教育", "辅导", "宣讲")
VOLUNTEER_WORDS = ("志愿者",)
# Registered volunteers (注册科技志愿者人数) are counted where they register; the
# volunteers named in reports are only those who served, so the figure is entered.
REGISTER_WORDS = ("注册",)
PER_PLACE_SCOPES = ("每校", "每所学校", "每个")


@dataclass(frozen=True)
class Rule:
    measure: Measure
    when: str  # the rule, in words, for the report's notes and the README


RULES: tuple[Rule, ...] = (
    Rule(Measure.manual, "单位为 %、平米、项、户：订单无法计量"),
    Rule(Measure.hours, "单位为小时，或指标含“时长”：志愿服务时长（时长×人数）"),
    Rule(Measure.sessions_per_place, "单位为场次/次/期，范围为每校/每个：按服务过的每处平均场次"),
    Rule(Measure.sessions, "单位为场次/场/次/期：完成的订单数"),
    Rule(Measure.people, "单位为人次：服务人次（参加人数之和）"),
    Rule(Measure.manual, "单位为人/名，指标为注册人数：需人工填报（在注册平台统计）"),
    Rule(Measure.volunteers, "单位为人/名，指标含“志愿者”：报告中署名的志愿者人数"),
    Rule(Measure.people, "单位为人/名，指标为培训、服务、指导等：服务人次"),
    Rule(Measure.places, "单位为所/个/处，指标为覆盖、走进、服务（非建设、命名）：服务过的场所数"),
    Rule(Measure.manual, "其余（建成、命名、创建、注册人数等）：需人工填报"),
)


def _has(text: str, words: tuple[str, ...]) -> bool:
    return any(w in text for w in words)


def measure_of(target: Target) -> Measure:
    unit, metric = target.unit, target.metric
    if unit in NEVER_COUNTED:
        return Measure.manual
    if unit in HOUR_UNITS or "时长" in metric:
        return Measure.hours
    if unit in SESSION_UNITS:
        scoped = _has(target.scope, PER_PLACE_SCOPES)
        return Measure.sessions_per_place if scoped else Measure.sessions
    if unit == "人次":
        return Measure.people
    if unit in PEOPLE_UNITS:
        if _has(metric, REGISTER_WORDS):  # kept on a registration platform, not in orders
            return Measure.manual
        if _has(metric, VOLUNTEER_WORDS):
            return Measure.volunteers
        return Measure.people if _has(metric, SERVE_WORDS) else Measure.manual
    if unit in PLACE_UNITS and _has(metric, COVER_WORDS) and not _has(metric, BUILD_WORDS):
        return Measure.places
    return Measure.manual
