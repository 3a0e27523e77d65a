"""The sandbox's page and JSON endpoints, without a browser: the real bot behind them."""

from __future__ import annotations

import asyncio
import base64
import re
from typing import Any

import aiohttp
import pytest

from handlers.web.sandbox import views
from tests.handlers.harness import FARMING
from tests.web.sandbox import next_tuesday_morning, running_sandbox, tiny_png

PANES = ["resident", "station", "agency", "team1", "group", "team2", "coordinator"]


class Page:
    """What the page's script does, as plain HTTP."""

    def __init__(self, http: aiohttp.ClientSession, url: str) -> None:
        self.http, self.url = http, url.rstrip("/")
        self.version = 0
        self.chats: dict[str, dict[str, Any]] = {}

    async def changes(self) -> dict[str, Any]:
        async with self.http.get(f"{self.url}/sandbox/changes?since={self.version}") as got:
            assert got.status == 200
            found = await got.json()
        self.version = found["version"]
        self.chats.update({key: pane["chat"] for key, pane in found["panes"].items()})
        return found

    async def changes_drawn(self) -> dict[str, str]:
        """Every pane as the page draws it (HTML)."""
        async with self.http.get(f"{self.url}/sandbox/changes?since=-1") as got:
            return {key: pane["html"] for key, pane in (await got.json())["panes"].items()}

    async def post(self, path: str, status: int = 200, **body: Any) -> dict[str, Any]:
        async with self.http.post(f"{self.url}/sandbox/{path}", json=body) as got:
            assert got.status == status, await got.text()
            return await got.json()

    def texts(self, pane: str) -> list[str]:
        return [m["text"] or m["caption"] for m in self.chats[pane]["messages"]]

    def last(self, pane: str, words: str) -> dict[str, Any]:
        found = [m for m in self.chats[pane]["messages"] if words in (m["text"] or m["caption"])]
        assert found, f"{pane} shows no “{words}”: {self.texts(pane)[-3:]}"
        return found[-1]

    async def sees(self, pane: str, words: str) -> dict[str, Any]:
        """Follow the changes, as the page does, until the pane shows the words."""
        for _ in range(100):
            if any(words in text for text in self.texts(pane)):
                return self.last(pane, words)
            await self.changes()
        raise AssertionError(f"{pane} never showed “{words}”: {self.texts(pane)[-3:]}")

    async def press(self, pane: str, message: dict[str, Any], label: str) -> dict[str, Any]:
        data = [b["callback_data"] for row in message["buttons"] for b in row if b["text"] == label]
        assert len(data) == 1, f"{len(data)} buttons “{label}”"
        return await self.post("press", pane=pane, message=message["id"], data=data[0])

    async def say(self, pane: str, text: str, expect: str) -> dict[str, Any]:
        await self.post("say", pane=pane, text=text)
        return await self.sees(pane, expect)


@pytest.fixture
async def page(tmp_path):
    async with running_sandbox(tmp_path) as sandbox, aiohttp.ClientSession() as http:
        shown = Page(http, sandbox.url)
        shown.sandbox = sandbox  # type: ignore[attr-defined]
        yield shown


async def test_the_page_says_it_is_a_demo_and_shows_everyone(page):
    async with page.http.get(page.url + "/") as got:
        html = await got.text()
    assert got.status == 200 and "这是演示环境" in html and "时间旅行" in html
    for title in ("王秀兰 · 居民", "李明 · 阵地工作人员", "张强 · 部门联络员", "刘洋 · 科协管理员"):
        assert title in html
    found = await page.changes()
    assert list(found["panes"]) == PANES and found["ready"]
    for staff in ("station", "agency", "team1", "team2", "coordinator"):
        assert page.last(staff, "已确认")  # each redeemed a real invite
    assert page.last("group", "已将本群绑定")
    assert page.chats["group"]["type"] == "group"
    async with page.http.get(page.url + "/static/sandbox.js") as script:
        assert script.status == 200


async def _submitted(page: Page) -> None:
    """The resident orders a talk on sheep disease, by pressing, tapping and typing."""
    stations = await page.say("resident", "/order", "服务阵地")
    pressed = await page.press("resident", stations, "树林召镇新时代文明实践所")
    assert pressed["answer"] is not None  # the bot answered the press
    routed = await page.say("resident", "嘎查想请人讲讲羊病防治", "请确认")
    await page.press("resident", routed, FARMING)
    await page.say("resident", "本嘎查牧民", "多少人")
    when = await page.say("resident", "40", "什么时候")
    await page.press("resident", when, "下周")
    await page.sees("resident", "联系电话")
    keyboard = page.chats["resident"]["keyboard"]["keyboard"]
    share = next(b for row in keyboard for b in row if b.get("request_contact"))
    await page.post("tap", pane="resident", label=share["text"])
    summary = await page.sees("resident", "请确认订单")
    assert "139****1234" in summary["text"]  # the demo resident's own number, shared
    await page.press("resident", summary, "✅ 提交")
    await page.sees("resident", "订单号")


async def test_order_by_pressing_tapping_and_typing_then_travel_to_a_reminder(page):
    await page.changes()
    await _submitted(page)
    card = await page.sees("station", "新订单待派单")
    assert not card["edited"]

    before = page.sandbox.clock.now()
    moved = await page.post("travel", hours=24)
    assert moved["clock"]["travelled_hours"] == 24 and "已快进 1 天" in moved["clock"]["html"]
    assert (page.sandbox.clock.now() - before).days == 1
    await page.sees("station", "等待派单已超过时限")
    await page.post("travel", hours=48)  # still nobody dispatched: the 科协 hears of it
    await page.sees("coordinator", "🚨 超时")


async def test_travel_brings_what_falls_due_on_the_way(tmp_path):
    """Agreed at 19:15 for 15:00 tomorrow: the reminder two hours before falls inside a
    day's jump and is pointless after it; travelling hour by hour, it comes."""
    evening = next_tuesday_morning().replace(hour=19, minute=15)
    async with running_sandbox(tmp_path, evening) as sandbox, aiohttp.ClientSession() as http:
        page = Page(http, sandbox.url)
        await page.changes()
        await _submitted(page)
        card = await page.sees("station", "新订单待派单")
        await page.press("station", card, "派给建议部门")
        card = await page.sees("agency", "请领单")
        await page.press("agency", card, "领单")
        card = await page.sees("agency", "已领单")
        await page.press("agency", card, "发布给匹配的服务队（2 支）")
        offer = await page.sees("team1", "先到先得")
        await page.press("team1", offer, "接单")
        card = await page.sees("team1", "接单成功")
        await page.press("team1", card, "约定时间")
        await page.say("team1", "明天下午三点", "已发给居民确认")
        proposal = await page.sees("resident", "服务队提议的时间")
        await page.press("resident", proposal, "确认时间")
        await page.sees("team1", "居民已确认时间")
        await page.post("travel", hours=24)
        await page.sees("team1", "服务即将开始")
        await page.sees("resident", "您预约的科普服务即将开始")


async def test_a_photo_is_shown_and_can_be_fetched(page):
    await page.changes()
    picture = "data:image/png;base64," + base64.b64encode(tiny_png()).decode()
    await page.post("photo", pane="group", data=picture, caption="讲座现场")
    shown = await page.sees("group", "讲座现场")
    async with page.http.get(f"{page.url}/sandbox/files/{shown['photo']['path']}") as got:
        assert got.status == 200 and await got.read() == tiny_png()


async def test_the_console_link_is_a_link_and_the_workbook_a_download(page):
    await page.changes()
    await page.say("coordinator", "/web", "登录链接")
    found = await page.post("say", pane="coordinator", text="/report")
    assert found["ok"]
    workbook = await page.sees("coordinator", "规划进度报表")
    html = (await page.changes_drawn())["coordinator"]
    link = re.search(r'<a href="(http://[^"]+/console/login/[^"]+)"', html)
    assert link, html[-600:]
    async with page.http.get(link.group(1)) as got:  # the console's sign-in page, not used up
        assert got.status == 200 and "登录" in await got.text()
    document = workbook["document"]
    assert f'href="/sandbox/files/{document["path"]}" download="{document["name"]}"' in html
    async with page.http.get(f"{page.url}/sandbox/files/{document['path']}") as got:
        body = await got.read()
        assert body[:2] == b"PK" and "attachment" in got.headers["Content-Disposition"]


async def test_text_is_escaped_and_only_addresses_become_links():
    shown = str(views.linked("<b>看</b> https://x.cn/a?b=1&c=2。下一句"))
    assert shown.startswith("&lt;b&gt;看&lt;/b&gt; ")
    assert '<a href="https://x.cn/a?b=1&amp;c=2" target="_blank"' in shown
    assert shown.endswith("</a>。下一句")
    assert "<a" not in str(views.linked("javascript:alert(1) 和 ftp://x"))


async def test_a_request_for_changes_waits_until_something_changes(page):
    await page.changes()
    waiting = asyncio.create_task(page.changes())
    await asyncio.sleep(0.2)
    assert not waiting.done()
    await page.post("say", pane="coordinator", text="/stats")
    found = await asyncio.wait_for(waiting, 10)
    assert "coordinator" in found["panes"] and "resident" not in found["panes"]


async def test_a_page_from_an_earlier_start_gets_everything_again(page):
    page.version = 10**9
    found = await page.changes()
    assert list(found["panes"]) == PANES


REFUSED = [
    ("say", {"pane": "nobody", "text": "/start"}, 404),
    ("say", {"pane": "resident", "text": "   "}, 400),
    ("say", {"pane": "resident", "text": "字" * 4097}, 400),
    ("press", {"pane": "resident", "message": 1, "data": "o:forged"}, 400),
    ("press", {"pane": "resident", "message": 999, "data": "x"}, 404),
    ("press", {"pane": "resident", "message": "one", "data": "x"}, 400),
    ("tap", {"pane": "resident", "label": "没有这个按钮"}, 400),
    ("tap", {"pane": "group", "label": "跳过"}, 400),
    ("photo", {"pane": "resident", "data": "bm90IGEgcGljdHVyZQ=="}, 400),
    ("photo", {"pane": "resident", "data": "%%%"}, 400),
    ("travel", {"hours": 0}, 400),
    ("travel", {"hours": -24}, 400),
    ("travel", {"hours": 24 * 31}, 400),
    ("travel", {"hours": "soon"}, 400),
]


async def test_what_cannot_be_done_is_refused_and_changes_nothing(page):
    await page.changes()
    version = page.version
    for path, body, status in REFUSED:
        refused = await page.post(path, status=status, **body)
        assert refused["error"], (path, body)
    assert page.sandbox.clock.travelled.total_seconds() == 0
    # Asked from one change back, so that the answer comes at once: still the same version.
    async with page.http.get(f"{page.url}/sandbox/changes?since={version - 1}") as got:
        assert (await got.json())["version"] == version  # nobody's chat changed


async def test_actions_take_json_only(page):
    async with page.http.post(
        page.url + "/sandbox/say", data={"pane": "resident", "text": "/start"}
    ) as got:
        assert got.status == 415
