import pytest

from catalog.agencies import Registry, agency_id
from catalog.loader import load_plan


@pytest.mark.parametrize(
    ("plan_id", "typed", "canonical"),
    [
        ("dalad", "旗教体局", "旗教育体育局"),
        ("dalad", "教育体育局", "旗教育体育局"),
        ("dalad", "团旗委", "共青团达拉特旗委员会"),
        ("dalad", "旗科协", "旗科学技术协会"),
        ("dalad", "科协", "旗科学技术协会"),
        ("dalad", "卫健委", "旗卫生健康委员会"),
        ("dalad", "旗工商联", "旗工商业联合会"),
        ("hanggin", "旗委统战部", "旗委统一战线工作部"),
        ("ejinhoro", "旗教育体育局", "旗教体局"),
        ("ejinhoro", "共青团伊金霍洛旗委员会", "团旗委"),
        ("wuhai", "卫生健康委员会", "卫健委"),
        ("wuhai", "市教育局", "教育局"),
        ("wuhai", "团委", "团市委"),
        ("wuhai", "市场监管局", "市场监督管理局"),
        ("abag", "旗科协", "阿巴嘎旗科学技术协会"),
    ],
)
def test_short_and_full_names_resolve(plan_id, typed, canonical):
    agency = Registry(load_plan(plan_id)).resolve(typed)
    assert agency is not None and agency.name == canonical


def test_one_agency_printed_two_ways_is_one_entry():
    registry = Registry(load_plan("dalad"))
    agency = registry.resolve("旗工商联")
    assert agency is registry.resolve("旗工商业联合会")
    assert agency.printed == {"旗工商联", "旗工商业联合会"}


def test_distinct_agencies_are_not_merged():
    registry = Registry(load_plan("ejinhoro"))
    assert registry.resolve("旗科技局") is not registry.resolve("旗工信局")
    assert registry.resolve("旗科技局").name == "旗科技局"


def test_unknown_names_do_not_resolve():
    registry = Registry(load_plan("dalad"))
    assert registry.resolve("外星局") is None
    # "市场监督管理局" must not lose its 市 as if it were a level prefix
    assert registry.resolve("场监督管理局") is None


def test_ids_are_stable_and_short():
    registry = Registry(load_plan("dalad"))
    agency = registry.resolve("旗农牧局")
    assert agency.id == agency_id("dalad", "旗农牧局")
    assert registry.by_id(agency.id) is agency
    assert len(agency.id.encode()) <= 16


def test_coordinator_is_registered_even_without_tasks_naming_it():
    registry = Registry(load_plan("abag"))
    assert registry.coordinator().name == "阿巴嘎旗科学技术协会"
    assert len(registry.agencies) == 1
