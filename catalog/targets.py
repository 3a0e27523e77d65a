"""Read the quantitative targets out of a task's printed text.

Plans state targets as clauses such as "每年开展农牧民技术培训 20场次" or
"每校每学期举办科普讲座不少于 2次". Each number with a counting unit becomes a
`Target`; the period, scope and comparator come from the words around it.
"""

from __future__ import annotations

import re

from catalog.schema import Comparator, Period, Target

UNITS = ("场次", "人次", "平米", "所", "个", "名", "人", "次", "期", "处", "项", "户", "%")
_NUMBER = r"(?P<value>\d+(?:\.\d+)?)(?:\s*[-—～~]\s*(?P<value_max>\d+))?"
_AMOUNT = re.compile(
    _NUMBER + r"\s*(?:万)?\s*(?:(?P<unit>" + "|".join(UNITS) + r")|(?P<about>左右))"
)
_CLAUSE_SPLIT = re.compile(r"[，。；;,]")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")

# Order matters: the first marker found in the clause (or, failing that, the
# sentence) decides the period.
_PERIODS: tuple[tuple[str, Period], ...] = (
    ("每学期", Period.per_term),
    ("每学年", Period.per_school_year),
    ("学期", Period.per_term),  # one plan prints "每校学期"
    ("每年", Period.per_year),
    ("十四五”末", Period.by_end),
    ("十四五末", Period.by_end),
    ("到2025", Period.by_end),
    ("至2025", Period.by_end),
    ("十四五”期间", Period.plan_period),
    ("十四五期间", Period.plan_period),
    ("五年", Period.plan_period),
)
_SCOPES = ("每校", "每名劳动力", "每所学校", "每个")
_AT_LEAST = ("不少于", "以上", "至少", "达到", "达", "不低于")
_FILLER = re.compile(
    r"^(?:“?十四五”?(?:期间|末)|到\s*2025\s*年|至\s*2025\s*年|力争|每校|每年|每学期|每学年|学期|"
    r"每名劳动力|五年|全旗|全市|，)+"
)
_TAIL_FILLER = re.compile(r"^(?:以上|左右|的)+")
_TRAILING = re.compile(r"(?:不少于|至少|达到|达|不低于|人数|数)$")


def _period_of(text: str) -> Period | None:
    """The period whose marker stands last in `text`, i.e. nearest the figure."""
    compact = text.replace(" ", "")
    best: tuple[int, Period] | None = None
    for marker, period in _PERIODS:
        at = compact.rfind(marker)
        if at >= 0 and (best is None or at > best[0]):
            best = (at, period)
    return best[1] if best else None


def _clauses(sentence: str) -> list[str]:
    return [c for c in _CLAUSE_SPLIT.split(sentence) if c.strip()]


def _metric(clause: str, start: int, end: int) -> str:
    head = clause[:start].strip()
    before, sep, last = head.rpartition("、")
    if sep and re.search(r"\d", before):  # "基地10个以上、市级…基地40个": a list of figures
        head = last
    head = _FILLER.sub("", head.replace(" ", ""))
    head = _TRAILING.sub("", head)
    for scope in _SCOPES:
        head = head.replace(scope, "")
    # "建立 1 处新品种新技术试验示范基地": the counted thing follows the unit.
    tail = clause[end:].replace(" ", "")
    if re.search(r"\d", tail):
        tail = tail.split("、", 1)[0]
    tail = _TAIL_FILLER.sub("", tail)
    return (head + tail).strip("，、 ")


def _targets_in_clause(clause: str, context: str) -> list[Target]:
    masked = _QUOTED.sub(lambda m: "＿" * len(m.group()), clause)
    found: list[Target] = []
    for match in _AMOUNT.finditer(masked):
        before = masked[: match.start()].rstrip()
        if before.endswith(("20", "二〇")) or (match["unit"] == "%" and "比例" in clause):
            continue  # a year, or the plan-wide literacy ratio
        metric = _metric(clause, match.start(), match.end())
        unit = match["unit"] or (metric[-1] if metric and metric[-1] in UNITS else "")
        if not metric or not unit:
            continue
        after = clause[match.end() : match.end() + 4]
        window = clause[max(0, match.start() - 6) : match.start()] + after
        if match["about"] or "左右" in after:
            comparator = Comparator.about
        elif any(w in window for w in _AT_LEAST):
            comparator = Comparator.at_least
        else:
            comparator = Comparator.equal
        period = _period_of(clause) or _period_of(context) or Period.once
        scope = next((s for s in _SCOPES if s in clause.replace(" ", "")), "")
        value = float(match["value"])
        if "万" in masked[match.start() : match.end()]:
            value *= 10000
        found.append(
            Target(
                metric=metric,
                value=value,
                value_max=float(match["value_max"]) if match["value_max"] else None,
                unit=unit,
                comparator=comparator,
                period=period,
                scope=scope,
                quote=clause.strip(),
            )
        )
    return found


def extract_targets(text: str) -> list[Target]:
    targets: list[Target] = []
    for sentence in re.split(r"[。；;]", text):
        # Period markers like "“十四五”期间，" sit in their own clause before the
        # figures, so the whole sentence is the fallback context.
        seen = ""
        for clause in _clauses(sentence):
            seen += clause + "，"
            targets.extend(_targets_in_clause(clause, seen))
    return targets
