"""No message in a private chat goes unanswered; staff commands say what one may do."""

from bot.domain.workflow import Role
from tests.handlers.harness import delivered_order, member, submitted_order


async def test_text_where_buttons_wait_is_answered_with_what_they_mean(session):
    chat = session.chat(8301)
    await chat.send("/order")
    await chat.send("达拉特旗")
    assert "请点按钮选择您所在的旗市" in chat.last_text() and "/cancel" in chat.last_text()
    assert "达拉特旗" in chat.labels()  # the buttons come again, right below the words
    await chat.press("达拉特旗")
    await chat.press("树林召镇新时代文明实践所")
    await chat.send("嘎查想请人讲讲羊病防治")
    await chat.send("对")
    assert "第一个是按实施方案判断的类别" in chat.last_text()
    assert "其他 / 不确定（交阵地分派）" in chat.labels()
    await chat.press(chat.labels()[0])
    await chat.send("本嘎查牧民")
    await chat.send("40")
    await chat.press("下周")
    await chat.send("13812345678")
    await chat.send("好的")
    assert "点“✅ 提交”即提交" in chat.last_text() and chat.labels() == ["✅ 提交"]


async def test_the_phone_keyboard_leaves_with_a_real_message(session):
    await submitted_order(session)  # the resident typed her phone
    removals = [
        c
        for c in session.request.calls
        if c.method == "sendMessage" and "remove_keyboard" in str(c.params.get("reply_markup"))
    ]
    assert [c.text for c in removals] == ["已记下联系电话 138****5678。"]
    assert not [c for c in session.request.calls if c.text == "✓"]


async def test_messages_nothing_waits_for_get_an_answer(session):
    chat = session.chat(8303)
    await chat.send("你好，在吗？")
    assert chat.last_text().startswith("收到。不过现在没有在等您回答什么")
    assert "/order" in chat.last_text() and "/my" in chat.last_text()
    await chat.send("/frobnicate")
    assert chat.last_text().startswith("没有 /frobnicate 这个命令")
    await chat.send_raw(photo=[{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}])
    assert "没有在等您回答" in chat.last_text()
    sticker = {"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1, "height": 1}
    await chat.send_raw(sticker=sticker | {"is_animated": False, "is_video": False})
    assert "没有在等您回答" in chat.last_text()


async def test_text_instead_of_stars_or_a_role_is_told_what_the_buttons_are(session, services):
    resident = (await delivered_order(session, services)).resident
    await resident.press("评价")
    await resident.send("5")
    assert resident.last_text().startswith("请点上面的星星按钮打分")
    await resident.press("⭐⭐⭐⭐⭐")
    await resident.send("讲得好")  # now the comment that was asked for
    assert resident.last_text().startswith("已办理")
    boss = await member(session, services, 8312, Role.coordinator, "dalad", "科协")
    await boss.send("/invite")
    await boss.send("阵地")
    assert "请点上面的按钮选择" in boss.last_text() and "/invite 部门 旗农牧局" in boss.last_text()


async def test_a_resident_sending_staff_commands_is_told_what_they_can_do(session):
    resident = session.chat(8321)
    for command in ("/queue", "/invite", "/stats", "/stations"):
        await resident.send(command)
        reply = resident.last_text()
        assert reply.startswith(f"无权限：{command} 不在您的权限内"), reply
        assert "/order" in reply and "/my" in reply and "/help" in reply


async def test_an_unclassified_request_says_what_happens_next(session):
    chat = session.chat(8331)
    await chat.send("/order")
    await chat.press("达拉特旗")
    await chat.press("树林召镇新时代文明实践所")
    await chat.send("你好你好")
    text = chat.last_text()
    assert text.startswith("暂时无法判断这项需求属于哪一类")
    assert "订单会交给阵地工作人员" in text and "其他 / 不确定（交阵地分派）" in chat.labels()
