"""`python -m catalog disagreements --db PATH`: where stations overruled the router.

Each dispatch records the agency the router suggested and the one the station
chose. The cases where they differ are written in the bench format, labelled
with the station's choice, so a maintainer can review them (a station can be
wrong too) and move the good ones into a test set.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import TextIO

from catalog.agencies import Registry
from catalog.loader import load_all
from storage.db import Database
from storage.learning import DispatchChoice, dispatch_choices


async def _choices(db_path: Path, jurisdiction: str | None) -> list[DispatchChoice]:
    db = await Database(db_path).open()
    try:
        async with db.read() as tx:
            return await dispatch_choices(tx, jurisdiction)
    finally:
        await db.close()


def write_cases(choices: list[DispatchChoice], out: TextIO) -> tuple[int, int]:
    """Writes the disagreements; returns (disagreements, dispatches)."""
    plans = load_all(tuple(sorted({c.jurisdiction for c in choices})))
    registries = {pid: Registry(plan) for pid, plan in plans.items()}
    written = 0
    for choice in choices:
        if choice.chosen_agency == choice.suggested_agency:
            continue
        registry = registries[choice.jurisdiction]
        chosen = registry.by_id(choice.chosen_agency)
        suggested = registry.by_id(choice.suggested_agency)
        task = choice.counted_task or choice.routed_task
        case = {
            "id": choice.code,
            "jurisdiction": choice.jurisdiction,
            "text": choice.request_text,
            "leads": [chosen.name if chosen else choice.chosen_agency],
            "router_suggested": suggested.name if suggested else choice.suggested_agency,
        }
        if task:
            case |= {"tasks": [task], "actions": [task.split(".", 1)[0]]}
        out.write(json.dumps(case, ensure_ascii=False) + "\n")
        written += 1
    return written, len(choices)


def main(db_path: Path, jurisdiction: str | None, out: TextIO = sys.stdout) -> int:
    if not db_path.exists():
        print(f"找不到数据库：{db_path}", file=sys.stderr)
        return 2
    choices = asyncio.run(_choices(db_path, jurisdiction))
    written, total = write_cases(choices, out)
    agreed = total - written
    share = f"{agreed / total:.1%}" if total else "—"
    print(
        f"{total} 次派单，{agreed} 次与系统建议一致（{share}），{written} 条分歧已输出",
        file=sys.stderr,
    )
    return 0
