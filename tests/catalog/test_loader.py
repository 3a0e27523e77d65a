import pytest
from pydantic import ValidationError

from catalog.loader import JURISDICTIONS, UnknownJurisdiction, load_all, load_plan
from catalog.schema import ACTION_ORDER, Plan


def test_all_five_plans_validate_with_nine_actions():
    plans = load_all()
    assert list(plans) == list(JURISDICTIONS)
    for plan in plans.values():
        assert [a.key for a in plan.actions] == list(ACTION_ORDER)
        assert all(t.summary and t.keywords for t in plan.tasks())


@pytest.mark.parametrize(
    ("plan_id", "name", "parent", "coordinator", "tasks"),
    [
        ("dalad", "达拉特旗", "鄂尔多斯市", "旗科学技术协会", 34),
        ("wuhai", "乌海市", "内蒙古自治区", "科协", 36),
        ("ejinhoro", "伊金霍洛旗", "鄂尔多斯市", "旗科协", 34),
        ("hanggin", "杭锦旗", "鄂尔多斯市", "旗科学技术协会", 34),
        ("abag", "阿巴嘎旗", "锡林郭勒盟", "阿巴嘎旗科学技术协会", 32),
    ],
)
def test_plan_headers(plan_id, name, parent, coordinator, tasks):
    plan = load_plan(plan_id)
    assert (plan.name, plan.parent, plan.coordinator) == (name, parent, coordinator)
    assert len(plan.tasks()) == tasks


def test_leads_differ_between_dalad_and_hanggin_as_printed():
    dalad, hanggin = load_plan("dalad"), load_plan("hanggin")
    assert dalad.task("elderly.1").lead == ["旗民政局"]
    assert hanggin.task("elderly.1").lead == ["旗卫生健康委员会"]
    assert dalad.task("workers.2").lead == ["旗总工会"]
    assert hanggin.task("workers.2").lead == ["旗人力资源和社会保障局"]
    assert hanggin.task("workers.4").lead == ["旗工信和科技局"]


def test_per_action_division_with_two_leads():
    wuhai = load_plan("wuhai")
    assert all(t.lead == ["卫健委", "民政局"] for t in wuhai.action("elderly").tasks)
    assert all(t.lead == ["人社局", "总工会"] for t in wuhai.action("workers").tasks)


def test_member_flag_instead_of_a_fake_agency():
    hanggin = load_plan("hanggin")
    task = hanggin.task("officials.1")
    assert task.all_members and task.responsible == []
    assert task.responsible_note == "党校及各成员单位"


def test_abag_tasks_have_no_leads():
    abag = load_plan("abag")
    assert all(t.lead == [] for t in abag.tasks())


def test_dalad_farmers_targets():
    task = load_plan("dalad").task("farmers.3")
    figures = {(t.value, t.unit, t.period.value) for t in task.targets}
    assert (20, "场次", "per_year") in figures
    assert (20000, "人次", "per_year") in figures


def test_unknown_jurisdiction_message_is_chinese():
    with pytest.raises(UnknownJurisdiction) as err:
        load_plan("nowhere")
    assert "未知的旗市" in str(err.value)


def test_schema_rejects_a_plan_missing_an_action():
    data = load_plan("dalad").model_dump(mode="json")
    data["actions"] = data["actions"][:-1]
    with pytest.raises(ValidationError, match="nine actions"):
        Plan.model_validate(data)


def test_schema_rejects_misnumbered_tasks():
    data = load_plan("dalad").model_dump(mode="json")
    data["actions"][0]["tasks"][1]["id"] = "youth.7"
    with pytest.raises(ValidationError, match="numbered"):
        Plan.model_validate(data)
