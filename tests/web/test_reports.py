"""计划进度 and 导出 in the console: the 科协's own jurisdiction only."""

import io
import re
from urllib.parse import unquote

import openpyxl

from bot.domain.workflow import Role
from bot.reports.workbook import SHEETS

CHART = re.compile(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"')


async def test_the_coordinator_sees_progress_with_its_charts(site):
    browser = await site.signed_in(await site.person(Role.coordinator, "dalad"))
    page = await browser.get("/console/progress?period=2026Q1")
    text = await page.text()
    assert page.status == 200
    assert "达拉特旗2026年第1季度规划进度" in text and "青少年科学素质提升行动" in text
    assert len(CHART.findall(text)) == 3
    typed = await (await browser.get("/console/progress?period=2026&other=2026-05")).text()
    assert "达拉特旗2026年5月规划进度" in typed  # what is typed wins over the list


async def test_a_period_that_cannot_be_read_is_answered_with_the_forms_accepted(site):
    browser = await site.signed_in(await site.person(Role.coordinator, "dalad"))
    for asked, words in (
        ("other=明年", "无法识别的时间段：明年"),
        ("period=2026-13", "日期不存在"),
    ):
        page = await browser.get(f"/console/progress?{asked}")
        assert page.status == 400 and words in await page.text()
    page = await browser.get("/console/exports/workbook?other=明年")
    assert page.status == 400 and "无法识别的时间段" in await page.text()


async def test_the_workbook_downloads(site):
    browser = await site.signed_in(await site.person(Role.coordinator, "dalad"))
    assert (await browser.get("/console/exports")).status == 200
    got = await browser.get("/console/exports/workbook?place=dalad&period=2026")
    assert got.status == 200 and got.content_type.endswith("spreadsheetml.sheet")
    disposition = got.headers["Content-Disposition"]
    assert 'filename="kepu-dalad-2026.xlsx"' in disposition
    assert unquote(disposition.split("''")[1]) == "达拉特旗2026年规划进度报表.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(await got.read()))
    assert book.sheetnames == list(SHEETS)


async def test_nobody_else_sees_progress_or_downloads_the_workbook(site):
    others = [
        await site.person(Role.station, "dalad-shulinzhao"),
        await site.person(Role.agency, site.agency("旗农牧局")),
        await site.person(Role.coordinator, "hanggin"),
    ]
    for person in others:
        browser = await site.signed_in(person)
        asked = "place=dalad&period=2026"
        if person == others[-1]:  # the 科协 of another jurisdiction: not this one's
            assert (await browser.get("/console/progress")).status == 200
            assert (await browser.get(f"/console/progress?{asked}")).status == 403
        else:
            assert (await browser.get("/console/progress")).status == 403
            assert (await browser.get("/console/exports")).status == 403
        assert (await browser.get(f"/console/exports/workbook?{asked}")).status == 403
