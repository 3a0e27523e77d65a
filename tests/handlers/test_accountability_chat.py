"""The plan's accounts in chat: /progress, entering progress, /report, /me, /certificate,
and the monthly workbook, through the real Application and the emulator."""

import io
from datetime import UTC, datetime

import openpyxl
import pytest

from bot.domain.workflow import Role
from bot.reports.workbook import SHEETS
from bot.scheduling.ticker import Ticker
from tests.handlers.harness import button_data, delivered_order, member, picking_members

BASE = "farmers.4 建设长期稳定的农牧业科技示范基地 2个"  # a target orders cannot count


@pytest.fixture
async def served(session, services):
    """An order served by 一队 (30 people, 2 hours × 3 volunteers), and a 科协."""
    station = (await delivered_order(session, services)).station
    boss = await member(session, services, 7100, Role.coordinator, "dalad", "科协")
    return boss, station


def _files(session, chat, kind):
    """What the chat shows of `kind` (photo, document), oldest first."""
    return [m for m in chat.messages() if getattr(m, kind, None) is not None]


async def test_the_coordinator_sees_the_plan_and_each_action(session, services, served):
    boss, _ = served
    await boss.send("/progress 2026")
    text = boss.last_text()
    assert text.startswith("📈 达拉特旗2026年规划进度（截至 2026-03-04，时间进度 17%）")
    assert "订单计数：完成服务 1 场次，服务 30 人次，志愿服务 6 小时" in text
    assert "【农牧民科学素质提升行动】1 场次、30 人次" in text
    labels = boss.labels()
    assert labels[-1] == "✍️ 填报进度" and len(labels) == 1 + len(
        services.catalog.plan("dalad").actions
    )

    await boss.press("农牧民科学素质提升行动")
    detail = boss.last_text()
    assert detail.startswith("【农牧民科学素质提升行动】达拉特旗2026年")
    assert "farmers.3 实施乡村振兴科技支撑行动（牵头：旗农牧局）" in detail
    # 1 of 20 sessions when 63/365 of the year is gone: behind.
    assert "开展农牧民技术培训：本期目标 20场次，订单计数 1（5%，应达 17%）滞后" in detail
    assert "建设长期稳定的农牧业科技示范基地：本期目标 2个，订单无法计量，待填报" in detail


async def test_entering_progress_step_by_step(session, services, served):
    boss, _ = served
    await boss.send("/progress")
    await boss.press("✍️ 填报进度")
    assert boss.last_text().startswith("选择要填报的指标")
    await boss.press(BASE)
    assert "请输入本次完成的数量（单位：个）" in boss.last_text()
    await boss.send("两个")
    assert boss.last_text().startswith("请输入一个数字")
    await boss.send("２")
    await boss.send("新建成两个农牧业科技示范基地")
    assert "哪天完成" in boss.last_text()
    await boss.send("明天")
    assert "今天" in boss.last_text() or "晚于" in boss.last_text()  # refused, asked again
    await boss.send("今天")
    saved = boss.last_text()
    assert saved.startswith("✅ 已记录：farmers.4 建设长期稳定的农牧业科技示范基地 +2个")
    assert "达拉特旗2026年人工填报累计 2个 / 本期目标 2个" in saved
    await boss.send("/progress")
    await boss.press("农牧民科学素质提升行动")
    assert "建设长期稳定的农牧业科技示范基地：本期目标 2个，人工填报 2（100%，应达 17%）已完成" in (
        boss.last_text()
    )


async def test_others_cannot_press_the_coordinators_buttons(session, services, served):
    boss, station = served
    await boss.send("/progress")
    entry = button_data(boss.showing("规划进度"), "✍️ 填报进度")
    sent = await station.click(entry)  # forged: the coordinator's button, from the station
    assert station.answers(sent) == ["无权限"]
    assert not station.last_text().startswith("选择要填报的指标")


async def test_each_unit_sees_its_own_figures(session, services, served):
    _, station = served
    await station.send("/progress")
    text = station.last_text()
    assert text.startswith("🏠 树林召镇新时代文明实践所 · 2026年")
    assert "本期完成服务 1 单，暂无评分，志愿服务 6 小时" in text
    agency = session.chat(7102, "农牧局")
    shown = "\n".join(s.text for s in await agency.send("/progress"))
    assert "🏛 旗农牧局 · 2026年" in shown and "待办订单 0 单" in shown
    assert "farmers.3 实施乡村振兴科技支撑行动（牵头：旗农牧局）" in shown
    team = session.chat(7103, "一队")
    await team.send("/progress")
    assert team.last_text().startswith("👥 ")
    assert "本期服务 1 次" in team.last_text() and "志愿服务 6 小时" in team.last_text()
    resident = session.chat(6001, "王大姐")
    await resident.send("/progress")
    assert resident.last_text().startswith("/progress 供科协、部门、阵地和服务队查看进度")


async def test_the_report_arrives_as_text_charts_and_a_workbook(session, services, served):
    boss, station = served
    await boss.send("/report 2026Q1")
    texts = [m.text for m in boss.messages()]
    assert any(t.startswith("正在生成达拉特旗2026年第1季度报表") for t in texts)
    assert any(t.startswith("达拉特旗2026年第1季度规划进度") for t in texts)
    photos = _files(session, boss, "photo")
    assert [p.caption for p in photos] == [
        "达拉特旗2026年第1季度每月完成服务（按行动）",
        "达拉特旗2026年第1季度规划指标完成率",
        "达拉特旗2026年第1季度各部门平均用时",
    ]
    (document,) = _files(session, boss, "document")
    assert document.document.file_name == "达拉特旗2026年第1季度规划进度报表.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(document.document.content))
    assert book.sheetnames == list(SHEETS)
    codes = [row[0].value for row in book["订单明细"].iter_rows(min_row=2)]
    assert len(codes) == 1 and codes[0].startswith("DLT-2026-")

    await station.send("/report")
    assert station.last_text().startswith("/report 供科协生成报表")
    assert _files(session, station, "document") == []


async def _served_in_chat(session, services):
    """A team of two: the leader reports in chat and names both as having served."""
    leader, mate = await picking_members(session, services)
    await leader.send("羊病防治讲座")  # typed, not pressed: asked to press
    assert leader.last_text().startswith("请点选参加服务的队员")
    await leader.press("其其格")
    assert leader.labels() == ["✅ 巴特尔", "✅ 其其格", "确定"]
    await leader.press("确定")
    assert leader.last_text().startswith("参加服务的队员：巴特尔、其其格。")
    await leader.send("讲了羊病防治和春季防疫")
    return leader, mate


async def test_a_volunteer_gets_their_record_and_certificate(session, services):
    leader, mate = await _served_in_chat(session, services)
    for volunteer in (leader, mate):
        await volunteer.send("/me")
        record = volunteer.last_text()
        assert record.startswith("🙋 我的志愿服务")
        assert "2026年：服务 1 次，时长 2 小时" in record
        assert "DLT-2026-000001" in record and "讲了羊病防治和春季防疫" in record
    await mate.send("/certificate")
    (pdf,) = _files(session, mate, "document")
    assert pdf.document.content.startswith(b"%PDF")
    assert pdf.document.file_name.startswith("志愿服务记录证明-")
    assert pdf.caption.startswith("志愿服务记录证明 ") and "其其格" in pdf.caption
    assert "服务 1 次，累计 2 小时" in pdf.caption
    await mate.send("/certificate")  # asked again: the same number
    again = _files(session, mate, "document")[-1]
    assert again.caption == pdf.caption
    await mate.send("/certificate 2026")  # the year is not over
    assert "尚未结束" in mate.last_text()
    await mate.send("/certificate 明年")
    assert mate.last_text().startswith("无法识别的时间段：明年")


async def test_the_monthly_summary_carries_the_workbook(session, services, served):
    boss, _ = served
    services.clock.set(datetime(2026, 4, 1, 1, 0, tzinfo=UTC))  # 09:00 local, 1 April
    await Ticker(services, "kepu_bot").periodic.run_due()
    await session.application.bot_data["sender"].drain()
    (document,) = _files(session, boss, "document")
    assert document.document.file_name == "达拉特旗2026年3月规划进度报表.xlsx"
    assert document.caption.startswith(
        "📅 达拉特旗2026年3月科普服务月报：完成服务 1 场次，服务 30 人次，志愿服务 6 小时"
    )
    book = openpyxl.load_workbook(io.BytesIO(document.document.content))
    assert book.sheetnames == list(SHEETS)
