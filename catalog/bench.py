"""`python -m catalog bench FILE.jsonl`: score the router on labelled requests.

Each line: {"id", "jurisdiction", "text", "actions", "tasks", "leads"}; empty
`actions` marks an out-of-scope request. Definitions of the figures:

* action@1, lead@1, task@1: the top candidate is right (in-scope cases; task@1
  only where tasks are labelled). Leads compare as sets of registry agencies,
  so 旗教体局 and 旗教育体育局 are the same answer.
* lead@3: one of the top three candidates has the right leads.
* confident on in-scope: in-scope cases the router would route without a person.
* out-of-scope refused: out-of-scope cases returned with confident = false.
* confidently wrong: all cases returned confident whose top action or leads are
  wrong, or that are out of scope.

Every figure is printed twice, for the router and for the naive fuzzy baseline
(`catalog.baseline`) on the same cases; the misses listed are the router's.
"""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any


@dataclass
class Tally:
    hits: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.hits += ok
        self.total += 1

    def __str__(self) -> str:
        if not self.total:
            return "n/a"
        return f"{100 * self.hits / self.total:5.1f}%  ({self.hits}/{self.total})"


@dataclass
class Report:
    lead1: Tally = field(default_factory=Tally)
    action1: Tally = field(default_factory=Tally)
    task1: Tally = field(default_factory=Tally)
    lead3: Tally = field(default_factory=Tally)
    confident_in_scope: Tally = field(default_factory=Tally)
    refused: Tally = field(default_factory=Tally)
    confidently_wrong: Tally = field(default_factory=Tally)
    misses: list[str] = field(default_factory=list)


def _same_leads(registry: Any, got: list[str], expected: list[str]) -> bool:
    return set(registry.canonical(got)) == set(registry.canonical(expected))


def score_case(router: Any, case: dict[str, Any], report: Report, registry: Any = None) -> None:
    """Score one case; `registry` (which names are the same agency) defaults to the router's."""
    result = router.route(case["jurisdiction"], case["text"])
    if registry is None:
        registry = router.indexes[case["jurisdiction"]].registry
    cands = result.candidates
    if not case["actions"]:
        report.refused.add(not result.confident)
        report.confidently_wrong.add(result.confident)
        if result.confident:
            report.misses.append(f"{case['id']} out of scope but routed: {case['text']}")
        return
    top = cands[0] if cands else None
    action_ok = top is not None and top.action in case["actions"]
    lead_ok = top is not None and _same_leads(registry, top.lead, case["leads"])
    report.action1.add(action_ok)
    report.lead1.add(lead_ok)
    report.lead3.add(any(_same_leads(registry, c.lead, case["leads"]) for c in cands[:3]))
    if case.get("tasks"):
        report.task1.add(top is not None and top.task in case["tasks"])
    report.confident_in_scope.add(result.confident)
    report.confidently_wrong.add(result.confident and not (action_ok and lead_ok))
    if not (action_ok and lead_ok) or (case.get("tasks") and top and top.task not in case["tasks"]):
        got = f"{top.task} {top.lead}" if top else "nothing"
        want = ",".join(case.get("tasks") or case["actions"])
        report.misses.append(f"{case['id']} want {want} got {got}: {case['text']}")
    elif not result.confident:
        report.misses.append(f"{case['id']} right but not confident: {case['text']}")


@dataclass
class Run:
    """One system's figures on a set."""

    report: Report
    timings: list[float]
    startup: float

    def rows(self) -> list[tuple[str, str]]:
        r = self.report
        timings = sorted(self.timings)
        p99 = timings[min(len(timings) - 1, int(0.99 * len(timings)))]
        return [
            ("lead@1", str(r.lead1)),
            ("action@1", str(r.action1)),
            ("task@1", str(r.task1)),
            ("lead@3", str(r.lead3)),
            ("confident on in-scope", str(r.confident_in_scope)),
            ("out-of-scope refused", str(r.refused)),
            ("confidently wrong", str(r.confidently_wrong)),
            ("median ms/query", f"{statistics.median(timings):.2f}"),
            ("p99 ms/query", f"{p99:.2f}"),
            ("start-up s", f"{self.startup:.2f}"),
        ]


def evaluate(
    system: Any, cases: list[dict[str, Any]], registries: dict[str, Any], startup: float
) -> Run:
    report = Report()
    timings = []
    for case in cases:
        t0 = time.perf_counter()
        system.route(case["jurisdiction"], case["text"])
        timings.append((time.perf_counter() - t0) * 1000)
        score_case(system, case, report, registries[case["jurisdiction"]])
    return Run(report, timings, startup)


def _build_router() -> Any:
    # Imported here so that start-up counts importing jieba and the router's modules.
    from catalog.router import build_router

    return build_router()


def _build_baseline() -> Any:
    from catalog.baseline import build_baseline
    from catalog.loader import load_plan

    load_plan.cache_clear()  # so its start-up counts reading the data files too
    return build_baseline()


def _timed(build: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    system = build()
    return system, time.perf_counter() - started


def run_bench(path: Path, out: IO[str]) -> int:
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    router, router_startup = _timed(_build_router)
    baseline, baseline_startup = _timed(_build_baseline)
    registries = {plan_id: index.registry for plan_id, index in router.indexes.items()}
    ours = evaluate(router, cases, registries, router_startup)
    naive = evaluate(baseline, cases, registries, baseline_startup)
    out.write(f"{'cases':<24}{len(cases)}\n")
    out.write(f"{'':<24}{'router':<20}{'fuzzy baseline':<20}\n")
    for (name, value), (_, base) in zip(ours.rows(), naive.rows(), strict=True):
        out.write(f"{name:<24}{value:<20}{base}\n")
    if ours.report.misses:
        out.write("\nmisses (router):\n")
        for miss in ours.report.misses:
            out.write(f"  {miss}\n")
    return 0
