"""The columns kept beside `state_times` and `report`: every write fills them, and
migration 0013 fills those of rows written before it, from the JSON."""

import json
from types import SimpleNamespace

from storage import bulk, orders
from storage.migrations import MIGRATIONS, migrate, open_database
from storage.order_columns import REPORT_COLUMNS, STAGE_COLUMNS

TIMES = {"new": "2026-03-02T09:00:00Z", "dispatched": "2026-03-02T10:00:00Z"}
REPORT = {
    "date": "2026-03-03",
    "attendance": 35,
    "hours": 2.5,
    "volunteers": 4,
    "summary": "讲了羊病防治",
    "photos": [],
    "member_ids": [7],
}
COLUMNS = [*STAGE_COLUMNS.values(), *REPORT_COLUMNS.values()]
# What the JSON says, column by column, as the reports used to read it.
FROM_JSON = ", ".join(
    [f"json_extract(state_times, '$.{k}')" for k in STAGE_COLUMNS]
    + [f"json_extract(report, '$.{k}')" for k in REPORT_COLUMNS]
)


async def _places(tx):
    await tx.execute("INSERT INTO persons (id, created_at) VALUES (1, '2026-01-01T00:00:00Z')")
    await tx.execute(
        "INSERT INTO stations (id, jurisdiction, name, kind, level) "
        "VALUES ('s1', 'dalad', '某站', '新时代文明实践站', '村')"
    )


def _order(code, state_times, report=None):
    return {
        "code": code,
        "jurisdiction": "dalad",
        "station_id": "s1",
        "resident_id": 1,
        "request_text": "请来讲一讲",
        "audience": "牧民",
        "place_detail": "",
        "priority": "normal",
        "state": "new",
        "state_since": "2026-03-02T09:00:00Z",
        "state_times": state_times,
        "report": report,
        "created_at": "2026-03-02T09:00:00Z",
    }


def _version(order_id, version):
    return SimpleNamespace(id=order_id, version=version)


async def _columns(tx, code):
    row = await tx.fetchone(
        f"SELECT {', '.join(COLUMNS)}, {FROM_JSON} FROM orders WHERE code = ?", (code,)
    )
    values = list(row)
    return values[: len(COLUMNS)], values[len(COLUMNS) :]


async def test_insert_and_update_write_the_columns_with_the_json(tmp_path):
    db = await open_database(tmp_path / "w.db")
    async with db.transaction() as tx:
        await _places(tx)
        oid = await orders.insert(tx, _order("A-1", {"new": TIMES["new"]}))
        columns, from_json = await _columns(tx, "A-1")
        assert columns == from_json == [TIMES["new"]] + [None] * 11
        changes = {"state_times": TIMES, "report": REPORT}
        assert await orders.update_if_version(tx, _version(oid, 1), changes)
        columns, from_json = await _columns(tx, "A-1")
        assert columns == from_json
        assert columns[:7] == [*TIMES.values(), None, None, None, None, None]
        assert columns[7:] == ["2026-03-03", 35, 2.5, 4, "讲了羊病防治"]
        # A change that leaves the JSON alone leaves its columns alone.
        assert await orders.update_if_version(tx, _version(oid, 2), {"rating": 5})
        assert (await _columns(tx, "A-1"))[0] == columns
        # A report taken back empties its columns.
        assert await orders.update_if_version(tx, _version(oid, 3), {"report": None})
        assert (await _columns(tx, "A-1"))[0][len(STAGE_COLUMNS) :] == [None] * 5
    await db.close()


async def test_bulk_inserts_write_the_columns(tmp_path):
    db = await open_database(tmp_path / "b.db")
    row = _order("B-1", TIMES, REPORT)
    row["state_times"], row["report"] = json.dumps(TIMES), json.dumps(REPORT)
    async with db.transaction() as tx:
        await _places(tx)
        await bulk.insert_orders(tx, [tuple(row.get(name) for name in bulk.ORDER_COLUMNS)])
        columns, from_json = await _columns(tx, "B-1")
    assert columns == from_json and columns[0] == TIMES["new"] and columns[-5] == "2026-03-03"
    await db.close()


async def test_the_migration_fills_the_rows_written_before_it(tmp_path, monkeypatch):
    before = [m for m in MIGRATIONS if m[0] < "0013"]
    monkeypatch.setattr("storage.migrations.MIGRATIONS", before)
    db = await open_database(tmp_path / "m.db")
    async with db.transaction() as tx:
        await _places(tx)
        for code, times, report in (("M-1", TIMES, REPORT), ("M-2", {"new": TIMES["new"]}, None)):
            values = {**_order(code, json.dumps(times)), "report": report and json.dumps(report)}
            await tx.execute(
                f"INSERT INTO orders ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
                list(values.values()),
            )
    monkeypatch.setattr("storage.migrations.MIGRATIONS", MIGRATIONS)
    assert "0013_report_columns" in await migrate(db)
    async with db.read() as tx:
        done, done_json = await _columns(tx, "M-1")
        new, new_json = await _columns(tx, "M-2")
    assert done == done_json and done[:2] == list(TIMES.values())
    assert done[7:] == ["2026-03-03", 35, 2.5, 4, "讲了羊病防治"]
    assert new == new_json == [TIMES["new"]] + [None] * 11
    await db.close()
