"""The whole service over real HTTP, with the bot as a separate process.

A resident orders, the station dispatches, the agency claims and publishes, two
teams press 接单 in the same moment, the winner agrees a time, delivers and
reports, the resident rates. Then the bot is stopped in the middle of another
resident's order, and killed with SIGKILL while a burst of updates waits.
"""

from __future__ import annotations

import asyncio
import signal
import sqlite3
from datetime import datetime, timedelta

from bot.domain.clock import LOCAL_TZ
from handlers.telegram.emulator import Emulator, Message
from tests.e2e.conftest import eventually
from tests.handlers.harness import FARMING

RESIDENT, SECOND_RESIDENT = 5001, 5002
STAFF = {"station": 5101, "agency": 5102, "team1": 5103, "team2": 5104}


class User:
    def __init__(self, emu: Emulator, user_id: int) -> None:
        self.emu, self.id = emu, user_id

    async def say(self, text: str, expect: str) -> Message:
        seen = len(self.emu.messages(self.id))
        self.emu.people.say(self.id, text)
        return await self.sees(expect, after=seen)

    async def press(self, shown: Message, label: str, expect: str = "") -> Message | None:
        """Press the button labelled so on a message this person sees."""
        seen = len(self.emu.messages(self.id))
        query = self.emu.people.press_label(self.id, shown, label)
        await eventually(lambda: self.emu.answer(query) is not None, f"answer to “{label}”")
        return await self.sees(expect, after=seen) if expect else None

    async def sees(self, expect: str, after: int = 0) -> Message:
        def found() -> Message | None:
            return next((s for s in self.emu.messages(self.id)[after:] if expect in s.text), None)

        try:
            return await eventually(found, f"{self.id} to see “{expect}”")  # type: ignore[no-any-return]
        except AssertionError:
            latest = [s.text[:60] for s in self.emu.messages(self.id)[-5:]]
            raise AssertionError(
                f"{self.id} never saw “{expect}”; last messages: {latest}"
            ) from None


def _state(db_path, code_like: str = "%") -> list[str]:
    with sqlite3.connect(db_path) as db:
        rows = db.execute("SELECT state FROM orders WHERE code LIKE ? ORDER BY id", (code_like,))
        return [r[0] for r in rows]


async def _order_up_to_the_task(user: User) -> Message:
    stations = await user.say("/order", "服务阵地")
    task = await user.press(stations, "树林召镇新时代文明实践所", "描述您的需求")
    assert task is not None
    return await user.say("嘎查想请人讲讲羊病防治，牧民很需要", "请确认")


async def test_the_whole_story_then_a_restart_and_a_kill(emulator, bot_process, prepared):
    db_path, codes = prepared
    await eventually(lambda: emulator.menu(RESIDENT), "the command menu to be set")
    people = {name: User(emulator, uid) for name, uid in STAFF.items()}
    for name, person in people.items():
        await person.say(f"/start {codes[name]}", "已确认")

    resident = User(emulator, RESIDENT)
    routed = await _order_up_to_the_task(resident)
    audience = await resident.press(routed, FARMING, "服务对象")
    assert audience is not None
    await resident.say("本嘎查牧民", "多少人")
    when = await resident.say("40", "什么时候")
    await resident.press(when, "下周", "联系电话")
    summary = await resident.say("13812345678", "请确认订单")
    await resident.press(summary, "✅ 提交", "订单号")

    station = people["station"]
    card = await station.sees("新订单待派单")
    assert "13812345678" in card.text
    await station.press(card, "派给建议部门")
    agency = people["agency"]
    card = await agency.sees("请领单")
    await agency.press(card, "领单")
    card = await agency.sees("已领单")
    await agency.press(card, "发布给匹配的服务队（2 支）")

    # Two teams press 接单 in the same moment: both presses are queued before the bot's
    # poll can run again, so one getUpdates batch carries both.
    offers = {n: await people[n].sees("先到先得") for n in ("team1", "team2")}
    presses = {n: emulator.people.press_label(people[n].id, offers[n], "接单") for n in offers}
    answers = {
        n: (await eventually(lambda q=q: emulator.answer(q), f"{n}'s answer")).text
        for n, q in presses.items()
    }
    assert list(answers.values()).count("已被其他队伍接单") == 1
    winner = next(n for n, a in answers.items() if a != "已被其他队伍接单")
    assert answers[winner].startswith("已办理")
    for name, offer in offers.items():
        await eventually(lambda o=offer: "接单" in o.text and o.edits, f"{name}'s card edited")
        assert not offer.buttons

    team = people[winner]
    card = await team.sees("接单成功")
    assert "13812345678" in card.text  # the accepting team sees the resident's phone
    await team.press(card, "约定时间", "约定的时间")
    moment = (datetime.now(LOCAL_TZ) + timedelta(days=3)).strftime("%Y-%m-%d 14:30")
    proposal = await team.say(moment, "已办理")
    assert proposal is not None
    card = await resident.sees("服务队提议的时间")
    assert moment in card.text
    await resident.press(card, "确认时间")

    card = await team.sees("居民已确认时间")
    await team.press(card, "报告完成", "服务日期")
    await team.say("今天", "多少人")
    await team.say("35", "多少小时")
    await team.say("2", "志愿者几人")
    await team.say("4", "服务小结")
    await team.say("讲了羊的常见病和防治办法", "已办理")

    card = await resident.sees("请为本次服务打分")
    stars = await resident.press(card, "评价", "打分")
    assert stars is not None
    await resident.press(stars, "⭐⭐⭐⭐⭐", "补充几句评价")
    assert _state(db_path) == ["closed"]

    await _restart_in_the_middle_of_an_order(emulator, bot_process)
    await _kill_during_a_burst(emulator, bot_process, db_path)


async def _restart_in_the_middle_of_an_order(emulator, bot_process) -> None:
    second = User(emulator, SECOND_RESIDENT)
    routed = await _order_up_to_the_task(second)
    assert await bot_process.stop(signal.SIGTERM) == 0
    await bot_process.start()
    # The button on the message from before the restart still leads to the next step.
    await second.press(routed, FARMING, "服务对象")
    await second.say("社区居民", "多少人")


async def _kill_during_a_burst(emulator, bot_process, db_path) -> None:
    senders = list(range(6000, 6100))
    ids = [emulator.people.say(uid, "/start") for uid in senders]
    # Kill the moment the bot has fetched the burst, before it can have answered it all.
    fetched = emulator.updates.handed_out
    await eventually(lambda: set(ids) <= set(fetched), "the burst to be fetched")
    await bot_process.stop(signal.SIGKILL)
    answered = sum(1 for uid in senders if emulator.last(uid, "您好"))
    assert answered < len(senders), "the kill came too late to prove anything"
    await bot_process.start()
    for uid in senders:
        await User(emulator, uid).sees("您好")
    with sqlite3.connect(db_path) as db:
        (stored,) = db.execute(
            "SELECT COUNT(*) FROM inbox WHERE update_id BETWEEN ? AND ? "
            "AND processed_at IS NOT NULL",
            (min(ids), max(ids)),
        ).fetchone()
        (persons,) = db.execute(
            "SELECT COUNT(*) FROM persons WHERE id BETWEEN 6000 AND 6099"
        ).fetchone()
    assert stored == len(ids) and persons == len(senders)


async def test_webhook_mode_takes_updates_only_with_the_secret(
    emulator, emulator_server, bot_process, tmp_path
):
    import socket

    import aiohttp

    await bot_process.stop(signal.SIGTERM)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/hook"
    bot_process.env.update(WEBHOOK_URL=url, WEBHOOK_LISTEN="127.0.0.1", WEBHOOK_PORT=str(port))
    await bot_process.start()
    hook = await eventually(lambda: emulator.updates.webhook, "setWebhook")
    assert hook.url == url and len(hook.secret_token) >= 32

    # First the test posts as Telegram would, with a wrong secret and the right one.
    update = {"update_id": 900, **emulator.people.text_message(RESIDENT, "/start")}
    async with aiohttp.ClientSession() as http:
        header = "X-Telegram-Bot-Api-Secret-Token"
        for _ in range(100):  # the server starts listening just before setWebhook
            try:
                async with http.post(url, json=update, headers={header: "wrong"}) as refused:
                    assert refused.status == 403
                break
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.05)
        async with http.post(url, json=update, headers={header: hook.secret_token}) as ok:
            assert ok.status == 200
    await User(emulator, RESIDENT).sees("您好")

    # Then the emulator itself posts what a user says to the webhook, with the secret.
    update_id = emulator.people.say(SECOND_RESIDENT, "/start")
    await User(emulator, SECOND_RESIDENT).sees("您好")
    assert update_id in emulator_server.pusher.delivered and not emulator.updates.pending
