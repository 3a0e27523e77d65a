"""The staff console in Debian's Chromium: sign in by the link from chat, filter orders,
dispatch on the web and see the Telegram cards change, the 科协's directory, invites,
progress and workbook. Each page visited is kept as a screenshot (test-artifacts/)."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from playwright.async_api import expect

from bot.domain.workflow import Role
from tests.browser.conftest import screenshot
from tests.browser.console_site import LINK, close_site, open_site

PHONE = {"width": 390, "height": 844}


@pytest.fixture
async def site(tmp_path):
    found = await open_site(tmp_path)
    yield found
    await close_site(found)


def _labels(message) -> list[str]:
    return [label for row in message.rows for label, _ in row]


async def test_a_station_officer_signs_in_by_the_link_from_chat_and_out(site, page):
    station = await site.person(7101, Role.station, "dalad-shulinzhao", "阵地李敏")
    await site.order()
    await station.send("/web")
    link = LINK.search(station.last_text()).group()
    await page.goto(link)
    await expect(page.get_by_role("heading", name="登录控制台")).to_be_visible()
    await screenshot(page, "console-login")
    await page.get_by_role("button", name="登录").click()
    await page.wait_for_url(f"{site.url}/console/")
    await expect(page.get_by_text("阵地：待派单")).to_be_visible()
    await expect(page.get_by_text("嘎查想请人讲讲羊病防治")).to_be_visible()
    await screenshot(page, "console-home-station")
    cookie = next(c for c in await page.context.cookies() if c["name"] == "kepu_console")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/console"
    await page.get_by_role("button", name="退出").click()
    await expect(page.get_by_role("heading", name="已退出")).to_be_visible()
    await page.goto(f"{site.url}/console/orders")
    await expect(page.get_by_role("heading", name="请先登录")).to_be_visible()
    await screenshot(page, "console-signed-out")
    await page.goto(link)  # the same link, a second time
    await expect(page.get_by_text("这个登录链接已经用过了")).to_be_visible()
    await screenshot(page, "console-link-used")


async def test_filter_then_dispatch_on_the_web_and_the_telegram_cards_follow(site, page):
    station = await site.person(7101, Role.station, "dalad-shulinzhao", "阵地李敏")
    agency = await site.person(7102, Role.agency, site.agency("旗农牧局"), "农牧局王强")
    await site.order()
    await site.order(request_text="社区老人想学用智能手机，防范电信诈骗", routed_task="elderly.1")
    card = station.showing("羊病防治")
    assert "派给建议部门" in _labels(card)
    code = card.text.split(" · ")[0].split()[-1]

    await site.sign_in(page, station)
    await page.get_by_role("navigation").get_by_role("link", name="订单").click()
    await page.get_by_label("搜索（订单号或需求里的词）").fill("羊病")
    await page.get_by_label("行动 / 工程").select_option("farmers")
    await page.get_by_role("button", name="筛选").click()
    await expect(page.get_by_text("共 1 单")).to_be_visible()
    await expect(page.get_by_text("智能手机")).to_have_count(0)
    await screenshot(page, "console-orders")

    await page.get_by_role("link", name=code).click()
    await expect(page.get_by_text("13812345678")).to_be_visible()  # the station may call
    await screenshot(page, "console-order")
    await page.get_by_label("派给哪个部门").select_option(label="旗农牧局")
    await page.get_by_role("button", name="派单", exact=True).click()
    await expect(page.get_by_text("已办理：派单")).to_be_visible()
    await screenshot(page, "console-order-dispatched")
    assert site.wakes == 1

    await site.deliver()
    card = station.showing("羊病防治")  # the same message, edited in place
    assert f"{code} · 待领单" in card.text
    assert not any("派" in label for label in _labels(card))
    assert "领单" in _labels(agency.showing("新订单派给本部门"))

    await agency.press("领单")  # and the other way: a press in Telegram shows on the web
    await page.reload()
    await expect(page.locator("h1 .badge").first).to_have_text("待接单")
    await expect(page.get_by_text("部门 农牧局王强")).to_be_visible()


async def test_the_coordinator_edits_the_directory_invites_and_exports(site, page):
    boss = await site.person(7105, Role.coordinator, "dalad", "科协张主任")
    station = await site.person(7101, Role.station, "dalad-shulinzhao", "阵地李敏")
    agency = await site.person(7102, Role.agency, site.agency("旗农牧局"), "农牧局王强")
    team = await site.person(7103, Role.team_leader, "dalad-agri", "一队赵刚")
    await site.served(station, agency, team)
    await site.served(station, agency, team, request_text="想学牛羊冬季防疫", audience="牧民")
    await site.order(request_text="社区老人想学用智能手机，防范电信诈骗", routed_task="elderly.1")
    await site.sign_in(page, boss)
    await expect(page.get_by_text("达拉特旗 · 概况")).to_be_visible()
    await screenshot(page, "console-home-coordinator")

    await page.get_by_role("navigation").get_by_role("link", name="名录").click()
    await screenshot(page, "console-directory")
    await page.get_by_role("link", name="＋ 新建阵地").click()
    await page.get_by_label("编号").fill("dalad-xinmin")
    await page.get_by_label("名称").fill("新民社区服务中心")
    await page.get_by_label("类型").select_option("社区服务中心")
    await page.get_by_label("级别").select_option("村")
    await page.get_by_label("上级阵地").select_option(label="树林召镇新时代文明实践所")
    await screenshot(page, "console-station-form")
    await page.get_by_role("button", name="保存").click()
    await expect(page.get_by_text("已保存：新民社区服务中心")).to_be_visible()
    assert (await site.services.directory.station("dalad-xinmin")).parent_id == "dalad-shulinzhao"
    await page.goto(f"{site.url}/console/directory/dalad/teams/dalad-youth")
    await screenshot(page, "console-team-form")

    await page.get_by_role("navigation").get_by_role("link", name="邀请").click()
    await page.get_by_label("邀请谁").select_option(label="王爱召镇新时代文明实践所 · 阵地工作人员")
    await page.get_by_role("button", name="生成邀请").click()
    await expect(page.locator("#new svg")).to_be_visible()
    await screenshot(page, "console-invites")
    code = (await page.locator("#new .link").last.inner_text()).removeprefix("/start ")
    row = page.locator("tr", has_text="王爱召镇新时代文明实践所").first
    await row.get_by_role("button", name="撤销").click()
    await expect(page.get_by_text("已撤销这个邀请")).to_be_visible()
    newcomer = site.session.chat(7300, "新人")
    await newcomer.send(f"/start {code}")
    assert "已被科协撤销" in newcomer.last_text()

    await page.get_by_role("navigation").get_by_role("link", name="计划进度").click()
    await expect(page.locator("figure.chart img")).to_have_count(3)
    await screenshot(page, "console-progress")
    await page.get_by_role("navigation").get_by_role("link", name="导出").click()
    await screenshot(page, "console-exports")
    async with page.expect_download() as waiting:
        await page.get_by_role("button", name="下载工作簿").click()
    download = await waiting.value
    assert download.suggested_filename == "达拉特旗2026年规划进度报表.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(Path(await download.path()).read_bytes()))
    assert len(book.sheetnames) > 3

    await page.get_by_role("navigation").get_by_role("link", name="运行状态").click()
    await expect(page.get_by_text("待发送消息")).to_be_visible()
    await screenshot(page, "console-status")


async def test_each_staff_role_main_page_on_a_desk_and_on_a_phone(site, browser):
    agency = await site.person(7102, Role.agency, site.agency("旗农牧局"), "农牧局王强")
    team = await site.person(7103, Role.team_leader, "dalad-agri", "一队赵刚")
    station = await site.person(7101, Role.station, "dalad-shulinzhao", "阵地李敏")
    orders = site.services.orders
    waiting = await site.order()
    offered = await site.order(request_text="想请人讲讲牛羊冬季防疫")
    await orders.dispatch(waiting, station.user_id)
    await orders.dispatch(offered, station.user_id)
    await orders.claim(offered, agency.user_id)
    await orders.publish(offered, agency.user_id)
    await site.deliver()
    for role, chat in (("agency", agency), ("team", team)):
        for size, suffix in (({"width": 1280, "height": 900}, ""), (PHONE, "-phone")):
            context = await browser.new_context(locale="zh-CN", viewport=size)
            page = await context.new_page()
            await site.sign_in(page, chat)
            await expect(page.locator("table.list")).to_be_visible()
            await screenshot(page, f"console-home-{role}{suffix}")
            if suffix:
                await page.locator("table.list a").first.click()
                await expect(page.get_by_role("heading", name="办理")).to_be_visible()
                await screenshot(page, f"console-order-{role}{suffix}")
            await context.close()
    # The team sees the phone masked until it takes the order.
    assert "138****5678" in (await orders.view(offered, team.user_id)).phone
