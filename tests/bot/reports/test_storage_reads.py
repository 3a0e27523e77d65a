"""storage.reporting and storage.volunteering against what the services wrote (conftest)."""

from bot.domain.privacy import mask_phone
from bot.reports.periods import parse_period
from storage import orders, reporting, volunteering

_FIRST = {  # stage of an order line -> the events whose first one starts it
    "submitted": ("submitted",),
    "dispatched": ("dispatched", "reassigned_agency"),
    "claimed": ("claimed",),
    "accepted": ("accepted", "reassigned_team"),
    "confirmed": ("time_confirmed",),
    "done": ("done",),
    "closed": ("rated", "auto_closed"),
}


async def test_stage_moments_are_the_first_events(quarter):
    """Moments are read from state_times (cheaper): they equal the audit trail's."""
    db = quarter.world.services.db
    async with db.reader() as tx:
        lines = await reporting.order_lines(tx, parse_period("2026Q1").window("dalad"))
        for line in lines:
            order = await orders.get_by_code(tx, line.code)
            events = await orders.events(tx, order.id)
            for stage, names in _FIRST.items():
                found = [e["at"] for e in events if e["event"] in names]
                moment = await tx.scalar("SELECT julianday(?)", (found[0],)) if found else None
                assert getattr(line, stage) == moment, (line.code, stage)
    assert [line.closed is not None for line in lines] == [True] * 3 + [False] * 4


async def test_phones_leave_storage_masked_as_privacy_masks_them(quarter):
    db = quarter.world.services.db
    async with db.transaction() as tx:  # one short, one erased
        await tx.execute("UPDATE orders SET contact_phone = '12345' WHERE id = 1")
        await tx.execute("UPDATE orders SET contact_phone = '***' WHERE id = 2")
        await tx.execute("UPDATE orders SET contact_phone = '0477-5123456' WHERE id = 3")
        await tx.execute("UPDATE orders SET contact_phone = NULL WHERE id = 4")
    async with db.reader() as tx:
        lines = await reporting.order_lines(tx, parse_period("2026Q1").window("dalad"))
        raw = [r[0] for r in await tx.fetchall("SELECT contact_phone FROM orders ORDER BY id")]
    assert [line.phone for line in lines] == [mask_phone(p) for p in raw]
    assert [line.phone for line in lines][:5] == ["***", "***", "047****3456", None, "138****5678"]


async def test_tallies_in_sql_and_over_rows_agree(quarter):
    db = quarter.world.services.db
    w = parse_period("2026Q1").window("dalad")
    async with db.reader() as tx:
        in_sql = await reporting.task_tallies(tx, w)
        over_rows = reporting.tally(await reporting.completions(tx, w))
    assert in_sql == over_rows
    assert set(in_sql) == {"farmers.3", "youth.2", None}


async def test_hours_by_person_and_team_and_the_ledger_agree(quarter):
    db = quarter.world.services.db
    w = parse_period("2026Q1").window("dalad")
    async with db.reader() as tx:
        hours = await volunteering.hours(tx, w)
        total = await tx.scalar("SELECT SUM(hours) FROM ledger WHERE person_id IS NOT NULL")
        assert await volunteering.volunteer_count(tx, w) == hours.volunteers == 2
    assert sum(p.hours for p in hours.people) == total == 5
    assert [(t.services, t.volunteers, t.hours) for t in hours.teams] == [(6, 2, 14)]


async def test_a_persons_services(quarter):
    db, member = quarter.world.services.db, quarter.cast["agri_member"]
    async with db.reader() as tx:
        services = await volunteering.services_of(
            tx, member, parse_period("2026Q1").window("dalad")
        )
        teams = await volunteering.teams_of(tx, member, "dalad")
    assert [(s.task, s.hours, s.points, s.summary) for s in services] == [
        ("farmers.3", 2, 20, "甲嘎查服务完成"),
        ("farmers.3", 1.5, 15, "乙嘎查服务完成"),
    ]
    assert teams == ["农牧业科技志愿服务队（示例）"]


async def test_the_services_write_the_json_fields_columns(quarter):
    """Every transition and report went through the services: the columns the reports
    read say what the JSON says, for every order."""
    from storage.order_columns import REPORT_COLUMNS, STAGE_COLUMNS

    columns = [*STAGE_COLUMNS.values(), *REPORT_COLUMNS.values()]
    from_json = [f"json_extract(state_times, '$.{k}')" for k in STAGE_COLUMNS]
    from_json += [f"json_extract(report, '$.{k}')" for k in REPORT_COLUMNS]
    async with quarter.world.services.db.reader() as tx:
        rows = await tx.fetchall(f"SELECT {', '.join(columns + from_json)} FROM orders")
    assert len(rows) == 7
    for row in rows:
        assert list(row[: len(columns)]) == list(row[len(columns) :])
    assert sum(row["entered_closed_at"] is not None for row in rows) == 3
    assert sum(row["report_date"] is not None for row in rows) == 6


async def test_names_read_once_are_those_of_each_orders_station_agency_and_team(quarter):
    db = quarter.world.services.db
    w = parse_period("2026Q1").window("dalad")
    async with db.reader() as tx:
        lines = list(await reporting.order_lines(tx, w))
        done = list(await reporting.completions(tx, w))
        joined = {
            code: (station, agency, team)
            for code, station, agency, team in await tx.fetchall(
                "SELECT o.code, s.name, COALESCE(a.name, ''), COALESCE(t.name, '') FROM orders o "
                "JOIN stations s ON s.id = o.station_id "
                "LEFT JOIN agencies a ON a.id = o.agency_id LEFT JOIN teams t ON t.id = o.team_id"
            )
        }
    assert {line.code: (line.station, line.agency, line.team) for line in lines} == joined
    assert {c.code: (c.station, c.agency, c.team) for c in done} == {
        c.code: joined[c.code] for c in done
    }
    new = [line for line in lines if line.state == "new"]
    assert new and all(line.agency == "" and line.team == "" for line in new)
    assert [line.submitted for line in lines] == sorted(line.submitted for line in lines)
