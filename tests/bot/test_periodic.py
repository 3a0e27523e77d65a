"""Weekly digests, monthly summaries and theme-day prompts: once per period, restart or not."""

import json
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
from pydantic import ValidationError

from bot.domain import campaigns
from bot.scheduling.ticker import Ticker
from bot.services import Services
from handlers.telegram.reports import report_text


async def _texts(world, template):
    async with world.services.db.read() as tx:
        rows = await tx.fetchall(
            "SELECT CAST(address AS INTEGER) AS chat_id, params FROM outbox WHERE template = ? "
            "ORDER BY id",
            (template,),
        )
    # The core queues figures; the words are Telegram's rendering of them.
    return [
        (r["chat_id"], report_text(template, json.loads(r["params"]), "zh", "kepu_bot"))
        for r in rows
    ]


async def test_the_weekly_digest_goes_on_monday_at_nine_once(world, cast):
    svc = world.services.orders
    late = await world.order()
    done = await world.order(cast["resident"])
    await svc.dispatch(done, cast["station"])
    world.clock.set(datetime(2026, 3, 4, 1, tzinfo=UTC))
    await svc.claim(done, cast["agency"])
    await svc.publish(done, cast["agency"])
    await svc.accept(done, cast["agri_leader"])
    await svc.propose_time(done, cast["agri_leader"], world.clock.now() + timedelta(hours=5))
    await svc.confirm_time(done, cast["resident"])
    world.clock.advance(hours=6)
    report = {"date": "2026-03-04", "attendance": 30, "hours": 2, "volunteers": 3}
    await svc.report_done(done, cast["agri_leader"], report)
    await svc.rate(done, cast["resident"], 4)
    assert late

    ticker = Ticker(world.services, "kepu_bot")
    world.clock.set(datetime(2026, 3, 9, 0, 59, tzinfo=UTC))  # Monday 08:59 local
    await ticker.periodic.run_due()
    before = await _texts(world, "coordinator.digest")  # last week's, sent on the first tick
    world.clock.advance(minutes=1)  # 09:00
    await ticker.periodic.run_due()
    digests = await _texts(world, "coordinator.digest")
    assert len(digests) == len(before) + 1
    chat, text = digests[-1]
    assert chat == cast["coordinator"]
    assert text.splitlines() == [
        "📊 达拉特旗 科普服务周报（03-02 至 03-08）",
        "在办订单：待派单 1",
        "超时订单（按环节 / 责任方）：",
        "  待派单｜树林召镇新时代文明实践所：1 单",
        "上周完成 1 单，平均评分 4.0 星（1 条），服务时长 6 人·时",
        # 达拉特旗's plan has 25 targets: 13 no order can measure (nothing entered yet),
        # and at 67/365 of the year one completed talk keeps none of the other 12 on track.
        "规划进度（2026年，时间进度 18%）：滞后 12，待填报 13",
    ]

    await ticker.periodic.run_due()  # the same week again: nothing
    restarted = Ticker(world.services, "kepu_bot")  # a new process: the database remembers
    await restarted.periodic.run_due()
    assert len(await _texts(world, "coordinator.digest")) == len(digests)


async def test_each_agency_gets_its_monthly_summary_once(world, cast):
    world.clock.set(datetime(2026, 4, 1, 0, 30, tzinfo=UTC))  # 08:30 local, 1 April
    ticker = Ticker(world.services, "kepu_bot")
    await ticker.periodic.run_due()
    assert await _texts(world, "agency.monthly") == []
    world.clock.advance(minutes=30)
    await ticker.periodic.run_due()
    await Ticker(world.services, "kepu_bot").periodic.run_due()
    summaries = await _texts(world, "agency.monthly")
    chats = sorted(chat for chat, _ in summaries)
    assert chats == sorted([cast["agency"], cast["other_agency"]])
    assert all("2026-03 科普服务月报" in text for _, text in summaries)


async def test_stations_hear_of_a_theme_day_seven_days_ahead_with_a_link(world, cast):
    world.clock.set(datetime(2026, 3, 15, 12, tzinfo=UTC))  # 8 days before 世界气象日
    ticker = Ticker(world.services, "kepu_bot")
    await ticker.periodic.run_due()
    assert await _texts(world, "station.campaign") == []
    world.clock.advance(days=1)
    await ticker.periodic.run_due()
    world.clock.advance(days=1)
    await Ticker(world.services, "kepu_bot").periodic.run_due()
    prompts = await _texts(world, "station.campaign")
    assert sorted(c for c, _ in prompts) == sorted([cast["station"], cast["other_station"]])
    text = dict(prompts)[cast["station"]]
    assert "世界气象日（03月23日）还有 7 天" in text
    assert "https://t.me/kepu_bot?start=c_meteo_dalad-shulinzhao" in text
    assert "方案中的相关任务：" in text and "牵头：" in text


async def test_a_restart_between_ticks_sends_no_second_digest(world, cast):
    world.clock.set(datetime(2026, 3, 9, 1, 5, tzinfo=UTC))
    await Ticker(world.services, "kepu_bot").tick()
    await world.services.close()
    world.services = await Services.start(
        world.services.settings, clock=world.clock, with_router=False
    )
    await Ticker(world.services, "kepu_bot").tick()
    digests = await _texts(world, "coordinator.digest")
    assert len([c for c, _ in digests if c == cast["coordinator"]]) == 1


def test_the_calendar_is_data_and_moving_days_come_per_year():
    calendar = {c.id: c for c in campaigns.load_campaigns()}
    names = {c.name for c in calendar.values()}
    for day in ("世界气象日", "中国航天日", "防灾减灾日", "科技活动周", "世界环境日", "安全生产月"):
        assert day in names
    for day in ("全国低碳日", "食品安全宣传周", "网络安全宣传周", "全国科普日", "敬老月"):
        assert day in names
    assert calendar["meteo"].span(2027) == (date(2027, 3, 23), date(2027, 3, 23))
    assert calendar["safety"].span(2026) == (date(2026, 6, 1), date(2026, 6, 30))
    assert calendar["sciweek"].span(2026) is None  # not announced: no prompt, no guess
    announced = calendar["sciweek"].model_copy(
        update={"years": {2026: campaigns.Span(start="05-16", end="05-22")}}
    )
    assert announced.span(2026) == (date(2026, 5, 16), date(2026, 5, 22))
    due = campaigns.upcoming([*calendar.values(), announced], date(2026, 5, 10))
    assert {u.campaign.id for u in due} == {"sciweek", "disaster"}
    with pytest.raises(ValidationError):
        campaigns.Campaign(id="x1", name="坏", topic="日期写错了", action="youth", date="3-23")


def test_a_deep_link_payload_round_trips_within_telegrams_limit():
    calendar = {c.id: c for c in campaigns.load_campaigns()}
    payload = campaigns.deep_link_payload(calendar["disaster"], "dalad-shulinzhao")
    assert payload == "c_disaster_dalad-shulinzhao" and len(payload) <= 64
    assert campaigns.parse_payload(payload) == ("disaster", "dalad-shulinzhao")
    assert campaigns.parse_payload("not-a-campaign") is None


async def test_a_new_deployment_sends_no_reports_for_periods_before_it_existed(tmp_path):
    from bot.config import Settings
    from bot.domain.clock import FakeClock
    from bot.domain.workflow import Role
    from bot.seed import load_seed, sample_path

    clock = FakeClock(datetime(2026, 3, 11, 2, tzinfo=UTC))  # Wednesday 10:00 local
    settings = Settings(database_path=tmp_path / "new.db", jurisdictions="dalad", _env_file=None)
    services = await Services.start(settings, clock=clock, with_router=False)
    try:
        await load_seed(services, sample_path("dalad"))
        agency = services.catalog.resolve("dalad", "旗农牧局").id
        staff = ((100, Role.coordinator, "dalad"), (101, Role.agency, agency))
        for person, role, scope in staff:
            invite = await services.people.create_invite(None, role, scope)
            await services.people.redeem(person, "工作人员", invite.code)
        probe = SimpleNamespace(services=services)  # what _texts reads from
        ticker = Ticker(services, "kepu_bot")
        assert await ticker.periodic.run_due() == []  # last week's digest, February's summary
        restarted = Ticker(services, "kepu_bot")
        assert await restarted.periodic.run_due() == []  # a restart keeps the install time
        assert await _texts(probe, "coordinator.digest") == []
        assert await _texts(probe, "agency.monthly") == []

        clock.set(datetime(2026, 3, 16, 1, tzinfo=UTC))  # Monday 09:00: a week it existed in
        assert await restarted.periodic.run_due() == ["digest:dalad"]
        clock.set(datetime(2026, 4, 1, 1, tzinfo=UTC))  # 1 April 09:00: March's summary
        assert f"monthly:{agency}" in await restarted.periodic.run_due()
        assert [chat for chat, _ in await _texts(probe, "agency.monthly")] == [101]
    finally:
        await services.close()
