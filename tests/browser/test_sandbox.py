"""The sandbox played in Chromium by clicking and typing, as a newcomer would: a resident
orders, the station dispatches, the agency claims and publishes, two teams race for 接单,
the winner agrees a time, time travel brings the reminder, the team reports with a photo,
the resident rates, and the 科协 looks at the figures. A screenshot is kept of each step
(test-artifacts/screenshots/sandbox-*.png)."""

from __future__ import annotations

import asyncio

from playwright.async_api import Locator, Page, expect

from tests.browser.conftest import SHOTS, screenshot
from tests.handlers.harness import FARMING
from tests.web.sandbox import running_sandbox, tiny_png

WAIT_MS = 30_000  # a slow CI machine, with the bot and the browser on two cores


class Pane:
    """One person's chat on the page."""

    def __init__(self, page: Page, key: str) -> None:
        self.root = page.locator(f"#pane-{key}")

    @property
    def messages(self) -> Locator:
        return self.root.locator(".messages")

    async def sees(self, words: str) -> None:
        await expect(self.messages).to_contain_text(words, timeout=WAIT_MS)

    async def type(self, text: str, expect_words: str = "") -> None:
        box = self.root.locator("input[name=text]")
        await box.fill(text)
        await box.press("Enter")
        await expect(box).to_have_value("", timeout=WAIT_MS)
        if expect_words:
            await self.sees(expect_words)

    async def press(self, label: str, expect_words: str = "") -> None:
        """Press the newest inline button with this label."""
        await self.messages.get_by_role("button", name=label, exact=True).last.click()
        if expect_words:
            await self.sees(expect_words)

    async def tap(self, label: str) -> None:
        await self.root.locator(".reply-keyboard").get_by_role("button", name=label).click()

    async def offer(self) -> Locator:
        """The newest card offering an order, found again by its message id after edits."""
        card = self.messages.locator(".message", has_text="先到先得").last
        message_id = await card.get_attribute("data-message")
        return self.messages.locator(f'.message[data-message="{message_id}"]')

    async def toast(self) -> str:
        shown = self.root.locator(".toast")
        await expect(shown).to_be_visible(timeout=WAIT_MS)
        return await shown.inner_text()


async def shot(page: Page, name: str) -> None:
    """A screenshot of the whole page from its top (where the time-travel bar sits)."""
    await page.evaluate("window.scrollTo(0, 0)")
    await screenshot(page, name)


async def travel(page: Page, label: str, shown: str) -> None:
    await page.get_by_role("button", name=label, exact=True).click()
    await expect(page.locator("#clock")).to_contain_text(shown, timeout=WAIT_MS)


async def test_play_the_whole_story_by_clicking_and_typing(page, tmp_path):
    async with running_sandbox(tmp_path) as sandbox:
        await page.goto(sandbox.url)
        await expect(page.locator(".banner")).to_contain_text("这是演示环境")
        await expect(page.locator("#clock")).to_contain_text("未快进")
        people = {
            key: Pane(page, key)
            for key in ("resident", "station", "agency", "team1", "group", "team2", "coordinator")
        }
        for key in ("station", "agency", "team1", "team2", "coordinator"):
            await people[key].sees("已确认")
        await shot(page, "sandbox-01-everyone-joined")

        await _order(page, people["resident"])
        await _dispatch_claim_publish(page, people)
        winner = await _race(page, people)
        await _agree_a_time(page, people["resident"], winner)

        await travel(page, "+1 天", "已快进 1 天")
        await winner.sees("服务即将开始")
        await people["resident"].sees("您预约的科普服务即将开始")
        await shot(page, "sandbox-07-time-travel-reminder")

        await travel(page, "+1 天", "已快进 2 天")
        await _report(page, winner)
        await _rate(page, people["resident"], winner)

        coordinator = people["coordinator"]
        await coordinator.type("/stats", "阵地派单与系统建议的部门一致")
        await shot(page, "sandbox-10-coordinator-stats")

        await page.set_viewport_size({"width": 390, "height": 844})  # a phone: panes stack
        await page.locator("#pane-resident").scroll_into_view_if_needed()
        SHOTS.mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(SHOTS / "sandbox-11-phone.png"))  # what the screen shows


async def _order(page: Page, resident: Pane) -> None:
    await resident.root.get_by_text("菜单（命令）").click()
    await resident.root.get_by_role("button", name="/order").click()  # from the menu
    await resident.sees("服务阵地")
    await resident.press("树林召镇新时代文明实践所", "描述您的需求")
    await resident.type("嘎查想请人讲讲羊病防治，牧民很需要", "请确认")
    await resident.press(FARMING, "服务对象")
    await resident.type("本嘎查牧民", "多少人")
    await resident.type("40", "什么时候")
    await resident.press("下周", "联系电话")
    await shot(page, "sandbox-02-resident-shares-phone")
    await resident.tap("分享我的手机号")
    await resident.sees("请确认订单")
    await resident.press("✅ 提交", "订单号")
    await expect(resident.root.locator(".reply-keyboard")).to_have_count(0)


async def _dispatch_claim_publish(page: Page, people: dict[str, Pane]) -> None:
    station, agency = people["station"], people["agency"]
    await station.sees("新订单待派单")
    await shot(page, "sandbox-03-station-gets-the-order")
    await station.press("派给建议部门")
    await agency.sees("请领单")
    await agency.press("领单", "已领单")
    await agency.press("发布给匹配的服务队（2 支）")
    for key in ("team1", "team2", "group"):
        await people[key].sees("先到先得")
    await shot(page, "sandbox-04-offer-to-two-teams")


async def _race(page: Page, people: dict[str, Pane]) -> Pane:
    """Both leaders press 接单 at once; one gets the order, every copy is edited."""
    team1, team2 = people["team1"], people["team2"]
    offers = {key: await people[key].offer() for key in ("team1", "team2", "group")}
    # Both at once: clicks dispatched to the buttons, as two pointers cannot be in one page.
    accept = [offers[key].get_by_role("button", name="接单", exact=True) for key in offers]
    await asyncio.gather(accept[0].dispatch_event("click"), accept[1].dispatch_event("click"))
    toasts = await asyncio.gather(team1.toast(), team2.toast())
    assert sum("已被其他队伍接单" in shown for shown in toasts) == 1, toasts
    await shot(page, "sandbox-05-race-for-the-order")
    winner = team1 if "已被其他队伍接单" in toasts[1] else team2
    await winner.sees("接单成功")
    for offer in offers.values():  # every copy of the offer, edited in place
        await expect(offer).to_contain_text("已编辑", timeout=WAIT_MS)
        await expect(offer.get_by_role("button", name="接单")).to_have_count(0)
    return winner


async def _agree_a_time(page: Page, resident: Pane, winner: Pane) -> None:
    await winner.press("约定时间", "约定的时间")
    await winner.type("明天下午三点", "已发给居民确认")
    await resident.sees("服务队提议的时间")
    await resident.press("确认时间")
    await winner.sees("居民已确认时间")
    await shot(page, "sandbox-06-time-agreed")


async def _report(page: Page, winner: Pane) -> None:
    await winner.press("报告完成", "服务日期")
    await winner.type("昨天", "多少人")
    await winner.type("35", "多少小时")
    await winner.type("2", "志愿者几人")
    await winner.type("4", "服务小结")
    await winner.root.get_by_role("button", name="示例照片").click()
    await winner.sees("照片已收到（1 张）")
    await winner.root.locator("input[type=file]").set_input_files(
        files=[{"name": "现场.png", "mimeType": "image/png", "buffer": tiny_png()}]
    )  # as if chosen from the phone's pictures
    await winner.sees("照片已收到（2 张）")
    await winner.type("讲了羊的常见病和防治办法", "已办理")
    await shot(page, "sandbox-08-team-reports-with-a-photo")


async def _rate(page: Page, resident: Pane, winner: Pane) -> None:
    await resident.sees("请为本次服务打分")
    await resident.sees("附照片 2 张")  # the team's report, on the resident's card
    await resident.press("评价", "打分")
    await resident.press("⭐⭐⭐⭐⭐", "补充几句评价")
    await resident.type("讲得很实用，谢谢！")
    await winner.sees("居民的评价：讲得很实用，谢谢！")
    await shot(page, "sandbox-09-resident-rates")
