"""Turn a plan's text into a draft catalog entry.

Three layouts occur in the plans:

* numbered tasks, each closing with （牵头单位：…，责任单位：…）;
* "——" bullets under "2.措施", one "3.分工 牵头部门：…责任部门：…" per action;
* a summary that only names tasks ("一是…；二是…" or "通过A、B、C等 3 项").

Text extracted from PDFs breaks lines mid-word, so lines are joined first.
Whatever cannot be read is reported in `Draft.problems`, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from catalog.keywords import extract_keywords
from catalog.schema import ACTION_ORDER, ActionKey
from catalog.targets import extract_targets

_CN_NUM = "一二三四五六七八九十"

# A heading may be preceded by its "（三）" label and "实施"; both belong to the
# heading so that the previous section ends cleanly.
_HEADINGS: dict[ActionKey, str] = {
    ActionKey.youth: r"青少年科学素质提升行动",
    ActionKey.farmers: r"(?:农牧民|农区居民|牧民)科学素质(?:提升)?行动",
    ActionKey.workers: r"产业工人科学素质提升行动",
    ActionKey.elderly: r"老年人科学素质提升行动",
    ActionKey.officials: r"领导干部和公务员科学素质提升行动",
    ActionKey.tech_resources: r"科技资源科普化工程",
    ActionKey.informatization: r"科普信息化提升工程",
    ActionKey.infrastructure: r"科?科普基础设施建设工程",
    ActionKey.grassroots: r"基层科普能力提升工程",
}
_LABEL = rf"(?:[（(][{_CN_NUM}]+[)）]\s*)?(?:实施)?"
_SECTION_END = re.compile(rf"[{_CN_NUM}]、\s*(?:组织实施|保障措施)|[{_CN_NUM}]、\s*重点工程")
_ALL_MEMBERS = re.compile(r"^(?:(?P<extra>[^、]+?)及)?各成员单位$")
_AGENCY_PAREN = re.compile(
    r"[（(]\s*牵头单位\s*[:：]\s*(?P<lead>[^，,）)]*?)\s*[，,]\s*"
    r"责任单位\s*[:：]\s*(?P<resp>[^）)]*?)\s*[)）]"
)
_DIVISION = re.compile(r"分工\s*牵头部门\s*[:：](?P<lead>.*?)责任部门\s*[:：](?P<resp>.*)$")
_TASK_NUMBER = re.compile(r"^\s*(?P<n>\d{1,2})\s*[.．、]\s*")
_ORDINAL_ITEM = re.compile(rf"[{_CN_NUM}]是(?P<item>[^；;。]+)")
_VIA_LIST = re.compile(r"通过(?P<items>.+?)等\s*\d+\s*项")
_DECLARED_COUNT = re.compile(r"(\d+)\s*项")
_DATE = re.compile(r"(20\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_TITLE = re.compile(
    r"(?P<name>[\u4e00-\u9fff]{2,12}?(?:旗|市|盟|县|区))全民科学素质行动规划纲要\s*实施方案\s*"
    r"[（(]\s*2021\s*[—\-－]+\s*2025\s*年?\s*[)）]"
)
_NAME_LEAD_IN = re.compile(r"^.*(?:印发|关于|编制了)")
_PARENTS = ("鄂尔多斯市", "锡林郭勒盟", "呼伦贝尔市", "通辽市", "赤峰市", "包头市", "呼和浩特市")


@dataclass
class Draft:
    """A plan as far as the text allows; `data` validates as `catalog.schema.Plan`
    once the fields the text cannot give (see `problems`) are filled in."""

    data: dict[str, Any]
    layout: str
    problems: list[str] = field(default_factory=list)


def join_lines(raw: str) -> str:
    text = raw.replace("\u3000", " ").replace("\x0c", "")
    return re.sub(r"[ \t]*\n\s*", "", text).strip()


def split_agencies(printed: str) -> list[str]:
    cleaned = re.sub(r"等单位参与[。.]?$|[。.]$", "", printed.strip())
    return [part.strip() for part in re.split(r"[、，,]", cleaned) if part.strip()]


def _responsible(printed: str) -> tuple[list[str], bool, str]:
    """Named agencies, or the "各成员单位" flag with the phrase as printed."""
    phrase = printed.strip().rstrip("。")
    if _ALL_MEMBERS.match(phrase):
        return [], True, phrase
    return split_agencies(phrase), False, ""


def _sections(text: str) -> dict[ActionKey, tuple[str, str]]:
    """Heading as printed and body text for each action found."""
    found: list[tuple[int, int, ActionKey, str]] = []
    cursor = 0
    for key in ACTION_ORDER:
        pattern = re.compile(_LABEL + _HEADINGS[key] + r"[。.]?")
        # The first heading followed by content, after the previous action:
        # introductions mention "提升行动" in passing, never a full heading.
        match = pattern.search(text, cursor)
        if match is None:
            continue
        title = re.sub(r"^[（(][^)）]*[)）]\s*", "", match.group()).rstrip("。.")
        found.append((match.start(), match.end(), key, title))
        cursor = match.end()
    sections: dict[ActionKey, tuple[str, str]] = {}
    for i, (_, end, key, title) in enumerate(found):
        stop = found[i + 1][0] if i + 1 < len(found) else len(text)
        body = text[end:stop]
        tail = _SECTION_END.search(body)
        if tail:
            body = body[: tail.start()]
        sections[key] = (title, body.strip())
    return sections


def _task(action: ActionKey, n: int, title: str, text: str) -> dict[str, Any]:
    return {
        "id": f"{action}.{n}",
        "title": title.strip().rstrip("。；;，,"),
        "summary": "",
        "text": text.strip(),
        "lead": [],
        "responsible": [],
        "all_members": False,
        "responsible_note": "",
        "keywords": extract_keywords(title, text),
        "targets": [
            t.model_dump(mode="json", exclude_defaults=True) for t in extract_targets(text)
        ],
    }


def _numbered(action: ActionKey, body: str, problems: list[str]) -> list[dict[str, Any]]:
    tasks: list[dict[str, Any]] = []
    start = 0
    for match in _AGENCY_PAREN.finditer(body):
        chunk = body[start : match.start()].strip()
        start = match.end()
        number = _TASK_NUMBER.match(chunk)
        if number is None:
            problems.append(f"{action}: a task without its number: {chunk[:30]}…")
            continue
        chunk = chunk[number.end() :]
        title, _, _rest = chunk.partition("。")
        task = _task(action, len(tasks) + 1, title, chunk)
        if int(number["n"]) != len(tasks) + 1:
            problems.append(f"{action}: task printed as {number['n']} is number {len(tasks) + 1}")
        task["lead"] = split_agencies(match["lead"])
        task["responsible"], task["all_members"], task["responsible_note"] = _responsible(
            match["resp"]
        )
        tasks.append(task)
    leftover = body[start:].strip()
    if leftover:
        problems.append(f"{action}: text after the last task was not read: {leftover[:40]}…")
    return tasks


def _bullet_title(bullet: str) -> str:
    sentence = bullet.split("。", 1)[0]
    if len(sentence) > 30:  # the title runs on into the measure with a comma
        sentence = sentence.split("，", 1)[0]
    return sentence


def _bulleted(action: ActionKey, body: str, problems: list[str]) -> list[dict[str, Any]]:
    measures = re.search(r"2\s*[.．]\s*措施(?P<m>.*?)(?:3\s*[.．]\s*分工|$)", body)
    division = _DIVISION.search(re.sub(r"\s+", "", body))
    if measures is None:
        problems.append(f"{action}: no '2.措施' part")
        return []
    bullets = [b.strip() for b in measures["m"].split("——") if b.strip()]
    tasks = [_task(action, i, _bullet_title(b), b) for i, b in enumerate(bullets, start=1)]
    if division is None:
        problems.append(f"{action}: no '3.分工' part; leads left empty")
        return tasks
    lead = split_agencies(division["lead"])
    responsible, all_members, note = _responsible(division["resp"])
    for task in tasks:
        task.update(lead=lead, responsible=responsible, all_members=all_members)
        task["responsible_note"] = note
    return tasks


def _summary(action: ActionKey, body: str, problems: list[str]) -> list[dict[str, Any]]:
    items = [m["item"].strip() for m in _ORDINAL_ITEM.finditer(body)]
    if not items:
        via = _VIA_LIST.search(body)
        items = [i.strip() for i in via["items"].split("、")] if via else []
    if not items:
        problems.append(f"{action}: no task names found")
        return []
    declared = _DECLARED_COUNT.search(body)
    if declared and int(declared.group(1)) != len(items):
        problems.append(f"{action}: the plan says {declared.group(1)} tasks, {len(items)} read")
    return [_task(action, i, title, "") for i, title in enumerate(items, start=1)]


def _layout(text: str) -> str:
    if "牵头单位" in text:
        return "numbered"
    if "牵头部门" in text:
        return "bulleted"
    return "summary"


def _coordinator(name: str, tasks: list[dict[str, Any]], raw: str) -> str:
    """The 科协 the plan names most as a lead, else the one that signs the text."""
    leads = [lead for t in tasks for lead in t["lead"]]
    for candidate in sorted(set(leads), key=leads.count, reverse=True):
        if "科协" in candidate or "科学技术协会" in candidate:
            return candidate
    lines = [line.strip() for line in raw.splitlines() if line.strip()]
    if lines and lines[-1].endswith("科学技术协会"):
        return lines[-1]
    return f"{name}科学技术协会"


def _clean_title(printed: str, name: str) -> str:
    compact = re.sub(r"\s+", "", printed)
    return name + compact[compact.index("全民科学素质") :]


def _own_title(text: str) -> tuple[re.Match[str] | None, str]:
    """The plan's own title: the higher levels' plans are cited by the same name."""
    for match in _TITLE.finditer(text):
        name = _NAME_LEAD_IN.sub("", match["name"])
        if name not in _PARENTS and "自治区" not in name and len(name) >= 2:
            return match, name
    return None, ""


def import_plan(raw: str, plan_id: str) -> Draft:
    text = join_lines(raw)
    layout = _layout(text)
    problems: list[str] = []
    title_match, name = _own_title(text)
    if not title_match:
        problems.append("plan title not found")
    date = _DATE.search(text)
    if date is None:
        problems.append("no date printed; left empty")
    if name.endswith("市") and not name.endswith(_PARENTS):
        parent = "内蒙古自治区"
    else:
        parent = next((p for p in _PARENTS if p in text and p != name), "")
        if not parent:
            problems.append("parent jurisdiction not named in the text")
    parse = {"numbered": _numbered, "bulleted": _bulleted, "summary": _summary}[layout]
    sections = _sections(text)
    actions = []
    for key in ACTION_ORDER:
        if key not in sections:
            problems.append(f"{key}: heading not found")
            continue
        title, body = sections[key]
        actions.append({"key": str(key), "title": title, "tasks": parse(key, body, problems)})
    tasks = [t for a in actions for t in a["tasks"]]
    data = {
        "id": plan_id,
        "name": name,
        "parent": parent,
        "code": plan_id[:3].upper(),
        "title": _clean_title(title_match.group(), name) if title_match else "",
        "date": f"{date[1]}-{int(date[2]):02d}-{int(date[3]):02d}" if date else "",
        "coordinator": _coordinator(name, tasks, raw),
        "agency_aliases": {},
        "actions": actions,
    }
    problems.append(f"order code prefix guessed as {data['code']}; set it by hand")
    if layout == "summary":
        problems.append("the plan names no agencies: every task's lead is empty")
    return Draft(data=data, layout=layout, problems=problems)


_CURATED_TASK_FIELDS = ("summary", "keywords")
_CURATED_PLAN_FIELDS = ("code", "parent", "coordinator", "agency_aliases")


def merge_curated(draft: Draft, existing: dict[str, Any]) -> None:
    """Keep the hand-written fields of an existing data file in a fresh draft."""
    for key in _CURATED_PLAN_FIELDS:
        if existing.get(key):
            draft.data[key] = existing[key]
    old_tasks = {t["id"]: t for a in existing.get("actions", []) for t in a.get("tasks", [])}
    for action in draft.data["actions"]:
        for task in action["tasks"]:
            old = old_tasks.get(task["id"])
            if old is None:
                continue
            if old.get("title") != task["title"]:
                draft.problems.append(f"{task['id']}: title changed; curated fields not kept")
                continue
            for key in _CURATED_TASK_FIELDS:
                if old.get(key):
                    task[key] = old[key]
    draft.problems = [p for p in draft.problems if not p.startswith("order code prefix")]
