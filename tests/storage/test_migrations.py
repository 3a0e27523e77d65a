"""Migrations on data an older release left: each row arrives where it belongs, none lost."""

from __future__ import annotations

import pytest

from bot.config import Settings
from bot.domain.clock import FakeClock
from bot.services import Services
from bot.services.addressing import person_addresses
from storage import directory, outbox
from storage.db import Database, StorageError
from storage.migrations import MIGRATIONS, migrate

GROUP = -1001234567890  # Telegram's supergroup ids are negative: the old sign of a group
NOW = "2026-03-01T08:00:00+00:00"


async def _as_of(path, last: str) -> Database:
    db = await Database(path).open()
    applied = await migrate(db, through=last)
    assert applied[-1] == last and len(applied) == [n for n, _ in MIGRATIONS].index(last) + 1
    return db


async def test_migrating_through_a_named_one_stops_there_and_the_rest_follows(tmp_path):
    db = await _as_of(tmp_path / "old.db", "0010_router_reason")
    async with db.read() as tx:
        assert await tx.scalar("SELECT 1 FROM sqlite_master WHERE name = 'accounts'") is None
    assert await migrate(db, through="0010_router_reason") == []  # already there: no more
    rest = await migrate(db)
    assert rest == [name for name, _ in MIGRATIONS][10:] and rest[0] == "0011_channels"
    with pytest.raises(StorageError, match="no migration named 0099_typo"):
        await migrate(db, through="0099_typo")
    await db.close()


async def _fill_the_old_shape(db: Database) -> None:
    """A resident and a team lead known by their Telegram ids, a team with its group
    linked by a negative chat id, one without, and the outbox addressed by chat id."""
    async with db.transaction() as tx:
        await tx.executemany(
            "INSERT INTO persons (id, display_name, phone, lang, created_at) VALUES (?,?,?,?,?)",
            [(7001, "巴特尔", "13800000000", "en", NOW), (7002, "其木格", None, None, NOW)],
        )
        await tx.executemany(
            "INSERT INTO teams (id, jurisdiction, name, group_chat_id) VALUES (?, ?, ?, ?)",
            [("team1", "dalad", "羊病防治服务队", GROUP), ("team2", "dalad", "科普宣讲队", None)],
        )
        await tx.executemany(
            "INSERT INTO outbox (chat_id, template, params, created_at, not_before, sent_at, "
            "message_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (7001, "order.submitted", '{"code": "DLT-2026-0001"}', NOW, NOW, None, None),
                (GROUP, "team.offer", '{"code": "DLT-2026-0001"}', NOW, NOW, None, None),
                (7002, "order.taken", "{}", NOW, NOW, NOW, 55),  # sent before the upgrade
            ],
        )


async def _rows(db: Database, sql: str) -> list[tuple]:
    async with db.read() as tx:
        return [tuple(r) for r in await tx.fetchall(sql)]


async def test_0011_moves_people_addresses_and_groups(tmp_path):
    db = await _as_of(tmp_path / "old.db", "0010_router_reason")
    await _fill_the_old_shape(db)
    assert await migrate(db) == [name for name, _ in MIGRATIONS][10:]
    assert await _rows(db, "SELECT id, display_name, phone, lang FROM persons ORDER BY id") == [
        (7001, "巴特尔", "13800000000", "en"),
        (7002, "其木格", None, None),
    ]
    assert await _rows(db, "SELECT * FROM accounts ORDER BY person_id") == [
        ("telegram", "7001", 7001),
        ("telegram", "7002", 7002),
    ]
    outbox_rows = await _rows(
        db,
        "SELECT channel, address, kind, template, params, sent_at, message_id "
        "FROM outbox ORDER BY id",
    )
    assert outbox_rows == [
        ("telegram", "7001", "private", "order.submitted", '{"code": "DLT-2026-0001"}', None, None),
        ("telegram", str(GROUP), "group", "team.offer", '{"code": "DLT-2026-0001"}', None, None),
        ("telegram", "7002", "private", "order.taken", "{}", NOW, 55),
    ]
    assert await _rows(db, "SELECT id, name FROM teams ORDER BY id") == [
        ("team1", "羊病防治服务队"),
        ("team2", "科普宣讲队"),
    ]
    assert await _rows(db, "SELECT * FROM team_groups") == [("team1", "telegram", str(GROUP))]
    await db.close()


async def test_the_bot_works_on_the_migrated_data(tmp_path):
    path = tmp_path / "orders.db"
    db = await _as_of(path, "0010_router_reason")
    await _fill_the_old_shape(db)
    await db.close()
    settings = Settings(database_path=path, jurisdictions="dalad", _env_file=None)
    services = await Services.start(settings, clock=FakeClock(), with_router=False)
    try:
        # The same Telegram user writes again: the same person, no second one made.
        assert await services.people.resolve("telegram", 7001, "巴特尔") == 7001
        async with services.db.read() as tx:
            assert await tx.scalar("SELECT COUNT(*) FROM persons") == 2
            addresses = await person_addresses(tx, [7001, 7002])
            waiting = await outbox.pending(tx, services.clock.now(), 10)
        assert {p: [a.address for a in found] for p, found in addresses.items()} == {
            7001: ["7001"],
            7002: ["7002"],
        }
        # The group still belongs to its team, and what waited for it still goes there.
        team = await services.groups.team_of_group(GROUP)
        assert team is not None and team.id == "team1"
        assert [(m.to.address, m.to.is_group, m.template) for m in waiting] == [
            ("7001", False, "order.submitted"),
            (str(GROUP), True, "team.offer"),
        ]
        async with services.db.read() as tx:
            person = await directory.get_person(tx, 7001)
        assert person is not None and (person.display_name, person.lang) == ("巴特尔", "en")
    finally:
        await services.close()
