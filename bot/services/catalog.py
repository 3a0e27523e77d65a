"""The plan catalog as the services use it: plans, agency registries, the router."""

from __future__ import annotations

from catalog.agencies import Agency, Registry
from catalog.lexicon import load_lexicon
from catalog.loader import load_all
from catalog.router import Router
from catalog.schema import Plan, Task


class Catalog:
    def __init__(self, jurisdictions: tuple[str, ...], with_router: bool = True) -> None:
        self.plans: dict[str, Plan] = load_all(jurisdictions)
        self.registries = {pid: Registry(plan) for pid, plan in self.plans.items()}
        self.router: Router | None = Router(self.plans, load_lexicon()) if with_router else None

    def plan(self, jurisdiction: str) -> Plan:
        return self.plans[jurisdiction]

    def task(self, jurisdiction: str, task_id: str | None) -> Task | None:
        return self.plans[jurisdiction].task(task_id) if task_id else None

    def agency(self, agency_id: str) -> Agency | None:
        jurisdiction = agency_id.split(".", 1)[0]
        registry = self.registries.get(jurisdiction)
        return registry.by_id(agency_id) if registry else None

    def resolve(self, jurisdiction: str, name_or_id: str) -> Agency | None:
        registry = self.registries.get(jurisdiction)
        if registry is None:
            return None
        return registry.by_id(name_or_id) or registry.resolve(name_or_id)

    def agency_rows(self) -> list[tuple[str, str, str]]:
        return [(a.id, pid, a.name) for pid, reg in self.registries.items() for a in reg.agencies]

    def suggested_agencies(self, jurisdiction: str, task_id: str | None) -> list[Agency]:
        """The task's leads, then its responsible agencies, then every other agency;
        the coordinator first when the task names no lead."""
        registry = self.registries[jurisdiction]
        task = self.task(jurisdiction, task_id)
        names = (task.lead + task.responsible) if task else []
        ordered: list[Agency] = []
        if not task or not task.lead:
            ordered.append(registry.coordinator())
        for name in names:
            agency = registry.resolve(name)
            if agency and agency not in ordered:
                ordered.append(agency)
        ordered += sorted((a for a in registry.agencies if a not in ordered), key=lambda a: a.name)
        return ordered
