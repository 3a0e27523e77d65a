"""Load and validate the shipped plan data files (one YAML file per jurisdiction)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from catalog.schema import Plan

DATA_DIR = Path(__file__).with_name("data")
JURISDICTIONS: tuple[str, ...] = ("dalad", "wuhai", "ejinhoro", "hanggin", "abag")

# libyaml's C loader is several times faster than the pure-Python one.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class UnknownJurisdiction(KeyError):
    def __init__(self, plan_id: str) -> None:
        super().__init__(plan_id)
        self.plan_id = plan_id

    def __str__(self) -> str:
        return f"未知的旗市：{self.plan_id}（可选：{'、'.join(JURISDICTIONS)}）"


def read_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_Loader)


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


def load_plan_file(path: Path) -> Plan:
    return Plan.model_validate(read_yaml(path))


@cache
def load_plan(plan_id: str) -> Plan:
    if plan_id not in JURISDICTIONS:
        raise UnknownJurisdiction(plan_id)
    return load_plan_file(DATA_DIR / f"{plan_id}.yaml")


def load_all(ids: tuple[str, ...] = JURISDICTIONS) -> dict[str, Plan]:
    return {plan_id: load_plan(plan_id) for plan_id in ids}
