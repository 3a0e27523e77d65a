import pytest

from catalog.importer import import_plan, join_lines, merge_curated, split_agencies
from catalog.loader import JURISDICTIONS, load_plan
from tests.conftest import FIXTURES, shared_path


def _draft(name: str, plan_id: str = "sample"):
    return import_plan((FIXTURES / name).read_text(encoding="utf-8"), plan_id)


def _tasks(draft):
    return {t["id"]: t for a in draft.data["actions"] for t in a["tasks"]}


def test_join_lines_removes_pdf_line_breaks():
    assert join_lines("全民科学素\n\n质行动  \n 规划") == "全民科学素质行动规划"


def test_split_agencies_drops_trailing_phrases_and_empties():
    assert split_agencies("市委宣传部、团市委、科协等单位参与。") == [
        "市委宣传部",
        "团市委",
        "科协",
    ]
    assert split_agencies("旗民政局、旗科学技术协会、") == ["旗民政局", "旗科学技术协会"]


def test_numbered_layout():
    draft = _draft("plan_numbered.txt")
    assert draft.layout == "numbered"
    assert draft.data["name"] == "示例旗"
    assert draft.data["parent"] == "鄂尔多斯市"
    assert draft.data["date"] == "2024-03-05"
    tasks = _tasks(draft)
    assert list(tasks) == ["youth.1", "youth.2", "farmers.1"]
    assert tasks["youth.1"]["title"] == "开展科学家精神进校园"
    assert tasks["youth.1"]["lead"] == ["旗教育体育局"]
    assert tasks["youth.1"]["responsible"] == ["旗科学技术协会", "旗融媒体中心"]
    assert tasks["youth.2"]["lead"] == ["旗教育体育局", "团旗委"]
    assert tasks["youth.2"]["all_members"] is True
    assert tasks["youth.2"]["responsible"] == []
    assert tasks["farmers.1"]["responsible_note"] == "党校及各成员单位"


def test_numbered_layout_reads_targets():
    tasks = _tasks(_draft("plan_numbered.txt"))
    lecture = tasks["youth.1"]["targets"][0]
    assert (lecture["value"], lecture["unit"], lecture["period"], lecture["scope"]) == (
        3.0,
        "次",
        "per_term",
        "每校",
    )
    assert lecture["comparator"] == ">="
    schools = tasks["youth.2"]["targets"][0]
    assert (schools["value"], schools["unit"], schools["period"]) == (4.0, "所", "by_end")
    yearly = {t["unit"]: t for t in tasks["farmers.1"]["targets"]}
    assert yearly["场次"]["value"] == 12 and yearly["场次"]["period"] == "per_year"
    assert yearly["人次"]["value"] == 3000


def test_missing_actions_are_reported_not_invented():
    draft = _draft("plan_numbered.txt")
    assert "workers: heading not found" in draft.problems
    assert [a["key"] for a in draft.data["actions"]] == ["youth", "farmers"]


def test_bulleted_layout_shares_the_division_across_bullets():
    draft = _draft("plan_bulleted.txt")
    assert draft.layout == "bulleted"
    assert draft.data["parent"] == "内蒙古自治区"
    assert "no date printed; left empty" in draft.problems
    tasks = _tasks(draft)
    assert tasks["youth.1"]["title"] == "推进校内科学教育"
    # A bullet's title is its first sentence, as printed.
    assert tasks["youth.2"]["title"] == "开展校外科技活动，组织机器人竞赛等活动"
    assert tasks["youth.2"]["lead"] == ["教育局"]
    assert tasks["youth.1"]["responsible"] == ["团市委", "科协"]
    assert tasks["farmers.1"]["lead"] == ["农牧局", "科技局"]
    target = tasks["farmers.1"]["targets"][0]
    assert (target["value"], target["unit"], target["period"]) == (300.0, "名", "plan_period")


def test_summary_layout_names_tasks_without_agencies():
    draft = _draft("plan_summary.txt")
    assert draft.layout == "summary"
    assert draft.data["name"] == "样本旗"  # not the league's plan cited before it
    assert draft.data["parent"] == "锡林郭勒盟"
    assert draft.data["coordinator"] == "样本旗科学技术协会"
    tasks = _tasks(draft)
    assert tasks["youth.2"]["title"] == "实施教师科学素质提升工程"
    assert tasks["infrastructure.1"]["title"] == "加强科普场馆建设"
    assert all(t["lead"] == [] for t in tasks.values())
    assert "the plan names no agencies: every task's lead is empty" in draft.problems


def test_merge_keeps_curated_fields_when_titles_match():
    draft = _draft("plan_numbered.txt")
    existing = {
        "code": "SLQ",
        "actions": [
            {"tasks": [{"id": "youth.1", "title": "开展科学家精神进校园", "summary": "讲故事"}]},
            {"tasks": [{"id": "youth.2", "title": "另一个标题", "summary": "不应保留"}]},
        ],
    }
    merge_curated(draft, existing)
    tasks = _tasks(draft)
    assert draft.data["code"] == "SLQ"
    assert tasks["youth.1"]["summary"] == "讲故事"
    assert tasks["youth.2"]["summary"] == ""
    assert "youth.2: title changed; curated fields not kept" in draft.problems


SEEDS = dict(zip(JURISDICTIONS, ("000", "001", "002", "003", "004"), strict=True))
_COMPARED = ("title", "text", "lead", "responsible", "all_members", "responsible_note", "targets")


@pytest.mark.parametrize("plan_id", JURISDICTIONS)
def test_seeds_import_to_the_shipped_files(plan_id):
    folder = shared_path("seeds")
    seed = next(folder.glob(f"{SEEDS[plan_id]}_*.txt"))
    draft = import_plan(seed.read_text(encoding="utf-8"), plan_id)
    shipped = load_plan(plan_id)
    for key in ("name", "parent", "title", "date", "coordinator"):
        assert draft.data[key] == getattr(shipped, key), key
    drafted = _tasks(draft)
    assert list(drafted) == [t.id for t in shipped.tasks()]
    for task in shipped.tasks():
        got = drafted[task.id]
        want = task.model_dump(mode="json", exclude_defaults=False)
        for key in _COMPARED:
            if key == "targets":
                got_targets = [{**t} for t in got["targets"]]
                want_targets = [
                    t.model_dump(mode="json", exclude_defaults=True) for t in task.targets
                ]
                assert got_targets == want_targets, task.id
            else:
                assert got[key] == want[key], (task.id, key)
