"""运行状态 and the menu: the 科协 sees the figures of `admin status`; others do not."""

from bot.domain.workflow import Role


async def test_the_coordinator_sees_the_health_figures(site):
    browser = await site.signed_in(await site.person(Role.coordinator, "dalad"))
    page = await browser.get("/console/status")
    text = await page.text()
    assert page.status == 200
    for words in ("运行状态", "待发送消息", "最近一次定时任务", "机器人未运行"):
        assert words in text  # the test runs no bot process: that is what it says
    home = await (await browser.get("/console/")).text()
    assert 'href="/console/invites"' in home and 'href="/console/status"' in home


async def test_others_have_neither_the_page_nor_the_menu_entries(site):
    browser = await site.signed_in(await site.person(Role.agency, site.agency("旗农牧局")))
    assert (await browser.get("/console/status")).status == 403
    home = await (await browser.get("/console/")).text()
    assert 'href="/console/invites"' not in home and 'href="/console/status"' not in home
    assert 'href="/console/orders"' in home and 'href="/console/directory"' in home
