"""python -m bot serves the web console beside the bot: /web in chat gives a link that
signs the staff member in, over real HTTP to the bot's own web port."""

from __future__ import annotations

import re

import aiohttp

from tests.e2e.test_story import User

LINK = re.compile(r"(http://\S+)/console/login/[A-Za-z0-9_-]+")
NONCE = re.compile(r'name="nonce" value="([^"]+)"')


async def test_web_in_chat_opens_the_console_the_bot_serves(emulator, bot_process, prepared):
    _, codes = prepared
    station = User(emulator, 5201)
    await station.say(f"/start {codes['station']}", "已确认")
    sent = await station.say("/web", "网页控制台登录链接")
    link = LINK.search(sent.text)
    assert link, sent.text
    assert link.group(1) == f"http://127.0.0.1:{bot_process.env['WEB_PORT']}"
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser:
        async with browser.get(f"{link.group(1)}/") as root:  # / opens the console
            assert root.status == 401 and root.url.path == "/console/"
        async with browser.get(link.group()) as page:
            nonce = NONCE.search(await page.text()).group(1)
        async with browser.post(link.group(), data={"nonce": nonce}) as home:
            text = await home.text()
            assert home.status == 200 and home.url.path == "/console/"
            assert "树林召镇新时代文明实践所 · 阵地工作人员" in text
    resident = User(emulator, 5202)
    await resident.say("/web", "无权限")  # residents have no console
