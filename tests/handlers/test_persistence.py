"""A restart in the middle of filling an order resumes at the same step."""

from tests.handlers.harness import start_session


async def _restart(session, services):
    await session.application.update_persistence()  # what the inbox poller does per update
    await session.application.shutdown()
    return await start_session(services)


async def test_restart_resumes_the_order_at_the_same_step(session, services):
    chat = session.chat(8001, "李大爷")
    await chat.send("/order")
    await chat.press("达拉特旗")
    await chat.press("树林召镇新时代文明实践所")
    await chat.send("老人想学用智能手机")
    await chat.press("实施智慧助老行动（旗民政局）")
    await chat.send("社区老人")
    assert "多少人" in chat.last_text()

    restarted = await _restart(session, services)
    chat = restarted.chat(8001, "李大爷")
    await chat.send("25")  # still the attendance step
    assert "什么时候" in chat.last_text()
    await chat.press("本月内")
    await chat.send("跳过")
    await chat.press("✅ 提交")
    assert "DLT-2026-000001" in chat.last_text()
    await restarted.application.shutdown()
    session.application = restarted.application  # the fixture shuts it down again harmlessly
