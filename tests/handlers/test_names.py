"""People, places and teams are named by their Chinese names; ids only beside them."""

from bot.domain.workflow import Role
from tests.handlers.harness import member


async def _invite_by_words(boss, words):
    await boss.send(f"/invite {words}")
    return boss.last_text()


async def test_invites_take_chinese_role_words_and_names_and_confirm_by_name(session, services):
    boss = await member(session, services, 8401, Role.coordinator, "dalad", "科协")
    issued = await _invite_by_words(boss, "部门 旗农牧局")
    assert issued.startswith("部门联络员邀请（旗农牧局）") and "dalad." not in issued
    newcomer = session.chat(8402, "农牧局小张")
    await newcomer.send(issued.split("\n")[-1])  # the /start line
    said = [c.text for c in newcomer_calls(session)]
    assert "已确认：您现在是旗农牧局的部门联络员。" in said
    assert any("您的身份：旗农牧局的部门联络员" in text for text in said)

    for words, named in (
        ("阵地 树林召镇新时代文明实践所", "阵地工作人员邀请（树林召镇新时代文明实践所）"),
        ("队长 dalad-agri", "服务队队长邀请（农牧业科技志愿服务队（示例））"),
        ("队员 健康科普志愿服务队（示例）", "服务队队员邀请（健康科普志愿服务队（示例））"),
        ("科协 达拉特旗", "科协管理员邀请（达拉特旗）"),
    ):
        assert (await _invite_by_words(boss, words)).startswith(named), words
    refused = await _invite_by_words(boss, "厨师 食堂")
    assert refused.startswith("没有找到“厨师 食堂”") and "科协、阵地、部门、队长、队员" in refused


def newcomer_calls(session):
    return [c for c in session.request.calls if c.chat_id == 8402 and c.method == "sendMessage"]


async def test_help_lists_the_role_words_and_lists_show_names_with_ids(session, services):
    boss = await member(session, services, 8411, Role.coordinator, "dalad", "科协")
    await boss.send("/help")
    assert "科协、阵地、部门、队长 或 队员" in boss.last_text()
    await boss.send("/stations")
    assert "树林召镇新时代文明实践所（dalad-shulinzhao）" in boss.last_text()
    await boss.send("/teams")
    assert "农牧业科技志愿服务队（示例）（dalad-agri）" in boss.last_text()
    resident = session.chat(8412)
    await resident.send("/help")
    assert "科协、阵地" not in resident.last_text()
