"""A resident orders in chat, through the real Application."""

from storage import orders
from tests.handlers.harness import FARMING, submitted_order


async def _order_until_phone(chat):
    await chat.send("/order")
    assert "旗市" in chat.last_text()
    await chat.press("达拉特旗")
    assert ("树林召镇新时代文明实践所", "s:dalad-shulinzhao") in chat.last_buttons()
    await chat.send("树林召")  # typing filters the stations
    assert all("树林召" in label for label, _ in chat.last_buttons())
    await chat.press("树林召镇新时代文明实践所")
    await chat.send("嘎查想请人讲讲羊病防治")
    assert "旗农牧局" in chat.last_text()
    assert chat.last_buttons()[0][1] == "t:farmers.3"
    await chat.press(FARMING)
    await chat.send("本嘎查牧民")
    await chat.send("40")
    await chat.press("下周")
    assert "联系电话" in chat.last_text()


async def test_a_resident_orders_from_start_to_code(session, services):
    chat = session.chat(5001, "王大姐")
    await chat.send("/start")
    assert "群众点单" in chat.last_text()
    await _order_until_phone(chat)
    await chat.send("138 1234 5678")
    summary = chat.last_text()
    assert "138****5678" in summary and "羊病防治" in summary
    await chat.press("✅ 提交")
    assert "DLT-2026-000001" in chat.last_text()
    async with services.db.read() as tx:
        order = await orders.get_by_code(tx, "DLT-2026-000001")
    assert order.resident_id == 5001 and order.routed_task == "farmers.3"
    assert order.contact_phone == "13812345678" and order.expected_attendance == 40
    await chat.send("/my")
    assert "DLT-2026-000001" in chat.last_text() and "待派单" in chat.last_text()


async def test_a_stranger_contact_is_refused(session):
    chat = session.chat(5002)
    await _order_until_phone(chat)
    await chat.send_raw(
        contact={"phone_number": "13900001111", "first_name": "别人", "user_id": 9999}
    )
    assert "只能分享您自己的" in chat.last_text()
    await chat.send_raw(
        contact={"phone_number": "+8613900002222", "first_name": "我", "user_id": 5002}
    )
    assert "139****2222" in chat.last_text()


async def test_stickers_and_photos_are_reasked_and_the_step_kept(session):
    chat = session.chat(5003)
    await chat.send("/order")
    await chat.press("达拉特旗")
    await chat.press("树林召镇新时代文明实践所")
    await chat.send_raw(
        sticker={
            "file_id": "x",
            "file_unique_id": "y",
            "type": "regular",
            "width": 1,
            "height": 1,
            "is_animated": False,
            "is_video": False,
        }
    )
    assert "请用文字回答" in chat.last_text()
    await chat.send("讲" * 2001)
    assert "最多 2000 个字" in chat.last_text()
    await chat.send("老人想学用智能手机")  # the step was kept: this is still the description
    assert "智慧助老" in chat.last_text()


async def test_cancel_submits_nothing(session, services):
    chat = session.chat(5004)
    await _order_until_phone(chat)
    await chat.send("/cancel")
    assert "没有提交" in chat.last_text()
    async with services.db.read() as tx:
        assert await tx.scalar("SELECT COUNT(*) FROM orders") == 0


async def test_forged_callback_data_changes_nothing(session):
    chat = session.chat(5005)
    await chat.send("/order")
    await chat.click("j:atlantis")  # forged: no such 旗市 was offered
    assert "操作已失效" in chat.last_text()
    await chat.press("达拉特旗")
    await chat.click("s:hanggin-somewhere")  # forged: a station from elsewhere
    assert "操作已失效" in chat.last_text()


async def test_english_speakers_get_english(session):
    chat = session.chat(5006, "Tom", language_code="en")
    await chat.send("/start")
    assert "science volunteer service" in chat.last_text()
    await chat.send("/lang")
    assert "中文" in chat.last_text()


async def test_a_theme_day_link_opens_an_order_with_the_topic_filled_in(session, services):
    chat = session.chat(5101, "李老师")
    await chat.send("/start c_meteo_dalad-shulinzhao")
    assert "世界气象日科普活动" in chat.last_text()
    assert ("就按这个主题", "topic") in chat.last_buttons()
    await chat.press("就按这个主题")
    routed = [data for _, data in chat.last_buttons()]
    assert routed and all(d.startswith("t:") for d in routed)
    await chat.press(chat.labels()[0])
    await chat.send("小学五年级学生")
    await chat.send("60")
    await chat.press("本月内")
    await chat.send("跳过")  # the reply keyboard's skip button sends this text
    await chat.press("✅ 提交")
    async with services.db.read() as tx:
        [order] = await orders.find(tx, "resident_id = ?", (5101,))
    assert (
        order.request_text.startswith("世界气象日科普活动")
        and order.station_id == "dalad-shulinzhao"
    )


async def test_a_broken_theme_day_link_starts_a_plain_order(session):
    chat = session.chat(5102)
    await chat.send("/start c_nosuchday_dalad-shulinzhao")
    assert "旗市" in chat.last_text()  # the usual first step, nothing pre-filled


async def test_after_lang_the_list_and_the_card_name_the_state_in_english(session):
    resident = await submitted_order(session)
    await resident.send("/my")
    assert "待派单" in resident.last_text()  # in Chinese first
    await resident.send("/lang")
    assert "English" in resident.last_text()
    await resident.send("/my")
    listed = resident.last_text()
    assert "DLT-2026-000001 · waiting for dispatch" in listed and "待派单" not in listed
    await resident.press("DLT-2026-000001 Details")
    card = resident.last_text()
    assert "waiting for dispatch" in card and "待派单" not in card


async def test_lang_switches_the_chat_and_the_cards_sent_later(session, services):
    chat = session.chat(5201, "Anna", language_code="zh-hans")
    await chat.send("/lang")
    assert "English" in chat.last_text()
    await chat.send("/order")
    await chat.press("达拉特旗")
    await chat.press("树林召镇新时代文明实践所")
    await chat.send("We would like a talk on sheep diseases")
    await chat.press(chat.labels()[0])
    await chat.send("herders")
    await chat.send("30")
    await chat.press("Next week")
    await chat.send("Skip")
    await chat.press("✅ Submit")
    card = [c for c in session.request.calls if c.chat_id == 5201 and "received" in c.text]
    assert card and "Station:" in card[-1].text  # the notification card, in English
