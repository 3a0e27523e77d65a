"""What a stranger can send: forged buttons, invisible characters, forged card lines, odd digits."""

import pytest

from bot.domain.workflow import Role
from tests.handlers.harness import FARMING, cards, member, picking_members

FORGED = [
    "inv:system",
    "inv:",
    "inv:station:page:²",
    "inv:team_leader:page:99999",
    "inv:resident",
    "g:",
    "g:nobody",
    "o:dispatch:²",
    "o:rate:1:²",
    "o:nothing:1",
    "o:dispatch:999999999",
    "o:reject:1:99",
    "rv:",
    "rv:p:²",
    "rv:1:system:dalad",
    "rv!:1:station:nowhere",
    "pg:e:dalad:²",
    "pg:t:dalad:farmers.4:²",
    "pg:zz:dalad:1",
    "pg:e:dalad",
    "pg:t:dalad:farmers.4",
    "pg:t:dalad",
    "pg:e:dalad:-1",
    "pg:e:dalad:" + "9" * 40,
    "pg:t:dalad:farmers.4:" + "9" * 30,
    "pg:t:dalad:nothing.1:0",
    "pg:a:dalad:farmers:²",
    "pg:e:nowhere:1",
    "pg:",
    "rm:²",
    "rm:1",
    "j:nowhere",
    "s:nowhere",
    "sp:²",
    "t:nothing",
    "w:yesterday",
    "topic",
    "ok",
    "x" * 64,
    "",
]


@pytest.mark.parametrize("data", FORGED)
async def test_a_forged_button_is_answered_and_never_raises(session, services, data):
    boss = await member(session, services, 7601, Role.coordinator, "dalad", "科协")
    sent = await boss.click(data)  # forged: the point is the data
    answers = boss.answers(sent)
    assert len(answers) == 1  # answered, once
    assert not any("出了点问题" in s.text for s in sent)
    async with services.db.read() as tx:  # and nothing reached the error handler as a bug
        assert await tx.scalar("SELECT COUNT(*) FROM role_changes WHERE change = 'revoked'") == 0


@pytest.mark.parametrize(
    "data", ["pg:e:dalad:²", "pg:e:dalad:٣", "pg:t:dalad:farmers.4:²", "pg:zz:dalad:1"]
)
async def test_a_forged_number_on_a_progress_button_begins_nothing(session, services, data):
    boss = await member(session, services, 7601, Role.coordinator, "dalad", "科协")
    sent = await boss.click(data)
    assert [s.method for s in sent] == ["answerCallbackQuery"]  # no page, no question
    assert boss.answers(sent) == ["操作已失效"]
    sent = await boss.send("2")  # no progress entry was begun to take this as its amount
    assert not any("已记录" in s.text for s in sent)


async def test_a_forged_member_button_ticks_no_one(session, services):
    leader, _ = await picking_members(session, services)
    for data in ("rm:²", "rm:٣", "rm:", "rm:zz", "rm:-1", "rm:1:2", "rm:" + "9" * 40):
        sent = await leader.click(data)
        assert leader.answers(sent) == ["操作已失效"], data
        assert not any("出了点问题" in s.text for s in sent), data
        assert leader.labels() == ["✅ 巴特尔", "其其格", "确定"], data
    await leader.press("确定")
    assert leader.last_text().startswith("参加服务的队员：巴特尔。")


async def _order_text(session, text):
    resident = session.chat(6101, "王大姐")
    await resident.send("/order")
    await resident.press("达拉特旗")
    await resident.press("树林召镇新时代文明实践所")
    return resident, await resident.send(text)


async def test_a_request_of_invisible_characters_only_is_refused(session, services):
    resident, sent = await _order_text(session, "\u200b\u200d\u2066\u202e \u200b")
    assert [s.text for s in sent if s.text] == [
        "这条消息里没有可见的文字（不能只有空白或不可见字符），请用文字回答这一步。"
    ]
    sent = await resident.send("嘎查想请人讲讲羊病防治")  # still at the same step
    assert any("请确认" in s.text for s in sent)


async def test_typed_lines_cannot_pass_for_the_cards_own(session, services):
    station = await member(session, services, 7602, Role.station, "dalad-shulinzhao", "阵地")
    resident = session.chat(6102, "王大姐\u202e")
    await resident.send("/order")
    await resident.press("达拉特旗")
    await resident.press("树林召镇新时代文明实践所")
    await resident.send("嘎查想请人讲讲羊病防治\n电话：13999999999\u200b")
    await resident.press(FARMING)
    await resident.send("本嘎查牧民\n人数：500")  # a one-line field
    await resident.send("４０")  # full-width digits are digits
    await resident.press("下周")
    await resident.send("１３８１２３４５６７８")
    await resident.press("✅ 提交")
    card = cards(session, station, "新订单待派单")[-1].text
    assert "│ 嘎查想请人讲讲羊病防治\n│ 电话：13999999999" in card  # quoted, line by line
    assert "\n电话：13999999999" not in card
    assert "对象：本嘎查牧民 人数：500" in card  # the newline collapsed
    assert "人数：40" in card and "13812345678" in card
    assert "\u200b" not in card and "\u202e" not in card


async def test_a_superscript_is_not_a_number(session, services):
    resident = session.chat(6103, "王大姐")
    await resident.send("/order")
    await resident.press("达拉特旗")
    await resident.press("树林召镇新时代文明实践所")
    await resident.send("嘎查想请人讲讲羊病防治")
    await resident.press(FARMING)
    await resident.send("本嘎查牧民")
    sent = await resident.send("²")
    assert any("1 到 100000" in s.text for s in sent)
    sent = await resident.send("40人")
    assert any("什么时候" in s.text for s in sent)


async def test_the_coordinator_revokes_a_role_in_chat(session, services):
    boss = await member(session, services, 7603, Role.coordinator, "dalad", "科协")
    station = await member(session, services, 7604, Role.station, "dalad-shulinzhao", "小李")
    await boss.send("/revoke")
    assert "撤销谁的身份" in boss.last_text()
    await boss.press("小李 · 树林召镇新时代文明实践所的阵地工作人员")
    assert "确认撤销 小李 的“阵地工作人员”身份（树林召镇新时代文明实践所）" in boss.last_text()
    again = boss.press_update("确认撤销")  # a second press, before the first one's edit
    await boss.press("确认撤销")
    assert "已撤销 小李 的身份" in boss.last_text()
    assert "已被科协撤销" in station.last_text()
    sent = await station.send("/queue")
    assert any("无权限" in s.text for s in sent)
    await session.feed(again, boss.user_id)
    assert "没有这个身份" in session.request.calls[-1].params.get("text", "")

    outsider = await member(session, services, 7605, Role.station, "dalad-shulinzhao", "外人")
    sent = await outsider.click(f"rv!:{boss.user_id}:coordinator:dalad")  # forged: never shown
    assert outsider.answers(sent) == ["无权限"]
    async with services.db.read() as tx:
        assert await tx.scalar(
            "SELECT COUNT(*) FROM roles WHERE person_id = ? AND role = 'coordinator'",
            (boss.user_id,),
        )
