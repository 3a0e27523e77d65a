"""Agency registry per jurisdiction: every agency the plan names, with aliases.

Plans print the same agency in short and full forms (旗教体局 / 旗教育体育局,
团旗委 / 共青团…旗委员会), sometimes both in one plan. Names that share an
alias are merged into one agency; an alias two different agencies would share
is dropped rather than guessed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from catalog.schema import Plan

# (full form, short form) pairs seen in Inner Mongolian agency names.
_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("教育体育局", "教体局"),
    ("卫生健康委员会", "卫健委"),
    ("科学技术协会", "科协"),
    ("人力资源和社会保障局", "人社局"),
    ("妇女联合会", "妇联"),
    ("民族事务委员会", "民委"),
    ("发展和改革委员会", "发改委"),
    ("林业和草原局", "林草局"),
    ("文化和旅游局", "文旅局"),
    ("市场监督管理局", "市场监管局"),
    ("应急管理局", "应急局"),
    ("工商业联合会", "工商联"),
    ("国有资产监督管理委员会", "国资委"),
    ("网络安全和信息化委员会办公室", "网信办"),
    ("消防救援大队", "消防大队"),
    ("政法委员会", "政法委"),
    ("统一战线工作部", "统战部"),
    ("住房和城乡建设局", "住建局"),
    ("老干部综合服务中心", "老干部服务中心"),
    ("老干部服务中心", "老干部局"),
    ("老干部局", "老干局"),
    ("残疾人联合会", "残联"),
    ("关心下一代工作委员会", "关工委"),
    ("社会科学界联合会", "社科联"),
    ("总工会", "工会"),
    ("团市委", "团委"),
    ("团旗委", "团委"),
)
_LEAGUE = re.compile(r"^共青团.+?(?P<level>旗|市|县|区)委员会$")
_LEVEL_PREFIX = re.compile(r"^(?:旗委|市委|旗|市(?!场))(?=.)")


@dataclass
class Agency:
    id: str
    name: str  # the fullest form the plan prints
    printed: set[str] = field(default_factory=set)  # every form the plan prints
    aliases: set[str] = field(default_factory=set)  # every form that resolves here


def agency_id(plan_id: str, name: str) -> str:
    """Stable short id for storage and callback data (names are long Chinese)."""
    return f"{plan_id}.{hashlib.sha1(name.encode()).hexdigest()[:6]}"


def _level(plan: Plan) -> str:
    return "市" if plan.name.endswith("市") else "旗"


def variants(name: str, level: str, place: str = "") -> set[str]:
    """Forms a person might use for `name`, the name included. `place` is the
    jurisdiction's own name, which a full name may carry (阿巴嘎旗科学技术协会)."""
    forms = {name}
    if place and name.startswith(place) and len(name) > len(place) + 1:
        forms.add(level + name[len(place) :])
    league = _LEAGUE.match(name)
    if league:
        forms |= {f"团{league['level']}委", "团委"}
    for _ in range(2):  # twice, so "旗老干部综合服务中心" reaches "老干局"
        for form in list(forms):
            for full, short in _ABBREVIATIONS:
                if full in form:
                    forms.add(form.replace(full, short))
                elif short in form:
                    forms.add(form.replace(short, full))
    for form in list(forms):
        bare = _LEVEL_PREFIX.sub("", form)
        forms.add(bare)
        if not form.startswith((level, "团", "共青团")) and not re.search("旗|市(?!场)", form):
            forms.add(level + form)
    return {f for f in forms if len(f) >= 2}


class Registry:
    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.agencies: list[Agency] = []
        self._by_form: dict[str, Agency] = {}
        self._build()

    def _printed_names(self) -> list[str]:
        names = [self.plan.coordinator]
        for task in self.plan.tasks():
            names += task.lead + task.responsible
        return list(dict.fromkeys(names))

    def _build(self) -> None:
        level = _level(self.plan)
        groups: list[tuple[set[str], set[str]]] = []  # (printed, forms)
        for name in self._printed_names():
            forms = variants(name, level, self.plan.name)
            for extra_of, extras in self.plan.agency_aliases.items():
                if name == extra_of:
                    forms |= set(extras)
            joined = [g for g in groups if g[1] & forms]
            printed, merged = {name}, set(forms)
            for group in joined:
                printed |= group[0]
                merged |= group[1]
                groups.remove(group)
            groups.append((printed, merged))
        owners: dict[str, int] = {}
        for i, (_, forms) in enumerate(groups):
            for form in forms:
                owners[form] = -1 if form in owners and owners[form] != i else i
        for i, (printed, forms) in enumerate(groups):
            name = max(printed, key=lambda n: (len(n), n))
            keep = {f for f in forms if owners[f] == i} | printed
            agency = Agency(agency_id(self.plan.id, name), name, printed, keep)
            self.agencies.append(agency)
            for form in keep:
                self._by_form[form] = agency

    def resolve(self, name: str) -> Agency | None:
        cleaned = re.sub(r"\s+", "", name or "")
        return self._by_form.get(cleaned)

    def by_id(self, agency_id_: str) -> Agency | None:
        return next((a for a in self.agencies if a.id == agency_id_), None)

    def coordinator(self) -> Agency:
        agency = self.resolve(self.plan.coordinator)
        assert agency is not None  # the coordinator is always registered
        return agency

    def canonical(self, names: list[str]) -> list[str]:
        """Printed names mapped to their registry names, order kept."""
        out = []
        for name in names:
            agency = self.resolve(name)
            out.append(agency.name if agency else name)
        return list(dict.fromkeys(out))
