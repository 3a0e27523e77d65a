"""Append-only, named migrations.

Each migration runs in the same transaction as the row that records it, so a
crash leaves either both or neither. A shipped migration is never edited: add
a new one instead.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

from storage.db import CannotOpen, Database, StorageError, Tx

# A step is a statement, or a function for what SQL alone cannot compute.
Step = str | Callable[[Tx], Awaitable[None]]


def payload_digest(payload: dict[str, object]) -> str:
    """Telegram sends a redelivered update byte for byte as before; a new update that
    reuses an id (after Telegram restarts its sequence) differs. So an update is the
    same update when its id and its content are the same."""
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


async def _digest_old_updates(tx: Tx) -> None:
    rows = await tx.fetchall("SELECT id, payload FROM inbox")
    await tx.executemany(
        "UPDATE inbox SET digest = ? WHERE id = ?",
        [(payload_digest(json.loads(r["payload"])), r["id"]) for r in rows],
    )


MIGRATIONS: list[tuple[str, tuple[Step, ...]]] = [
    (
        "0001_people_and_places",
        (
            """CREATE TABLE persons (
                id INTEGER PRIMARY KEY,               -- the Telegram user id
                display_name TEXT NOT NULL DEFAULT '',
                phone TEXT,
                lang TEXT,
                created_at TEXT NOT NULL
            )""",
            """CREATE TABLE agencies (
                id TEXT PRIMARY KEY,                  -- catalog registry id, e.g. dalad.592af1
                jurisdiction TEXT NOT NULL,
                name TEXT NOT NULL
            )""",
            """CREATE TABLE stations (
                id TEXT PRIMARY KEY,
                jurisdiction TEXT NOT NULL,
                name TEXT NOT NULL,
                kind TEXT NOT NULL,
                level TEXT NOT NULL,
                parent_id TEXT REFERENCES stations(id)
            )""",
            "CREATE INDEX stations_by_jurisdiction ON stations(jurisdiction)",
            """CREATE TABLE teams (
                id TEXT PRIMARY KEY,
                jurisdiction TEXT NOT NULL,
                name TEXT NOT NULL,
                actions TEXT NOT NULL DEFAULT '[]',   -- JSON list of action keys
                tasks TEXT NOT NULL DEFAULT '[]',     -- JSON list of task ids
                group_chat_id INTEGER
            )""",
            """CREATE TABLE team_stations (
                team_id TEXT NOT NULL REFERENCES teams(id),
                station_id TEXT NOT NULL REFERENCES stations(id),
                PRIMARY KEY (team_id, station_id)
            )""",
            """CREATE TABLE roles (
                person_id INTEGER NOT NULL REFERENCES persons(id),
                role TEXT NOT NULL,
                scope_id TEXT NOT NULL,
                granted_at TEXT NOT NULL,
                invite_id INTEGER,
                PRIMARY KEY (person_id, role, scope_id)
            )""",
            "CREATE INDEX roles_by_scope ON roles(role, scope_id)",
            """CREATE TABLE invites (
                id INTEGER PRIMARY KEY,
                code_hash TEXT NOT NULL UNIQUE,
                role TEXT NOT NULL,
                scope_id TEXT NOT NULL,
                jurisdiction TEXT NOT NULL,
                issued_by INTEGER,
                created_at TEXT NOT NULL,
                expires_at TEXT NOT NULL,
                redeemed_by INTEGER REFERENCES persons(id),
                redeemed_at TEXT
            )""",
        ),
    ),
    (
        "0002_orders",
        (
            """CREATE TABLE order_counters (
                jurisdiction TEXT NOT NULL,
                year INTEGER NOT NULL,
                last INTEGER NOT NULL,
                PRIMARY KEY (jurisdiction, year)
            )""",
            """CREATE TABLE orders (
                id INTEGER PRIMARY KEY,
                code TEXT NOT NULL UNIQUE,
                jurisdiction TEXT NOT NULL,
                station_id TEXT NOT NULL REFERENCES stations(id),
                resident_id INTEGER NOT NULL REFERENCES persons(id),
                request_text TEXT NOT NULL,
                audience TEXT NOT NULL DEFAULT '',
                place_detail TEXT NOT NULL DEFAULT '',
                expected_attendance INTEGER,
                preferred_label TEXT NOT NULL DEFAULT '',
                preferred_from TEXT,
                preferred_to TEXT,
                contact_phone TEXT,
                phone_visibility TEXT NOT NULL DEFAULT 'station_and_team',
                routed_task TEXT,
                routed_candidates TEXT NOT NULL DEFAULT '[]',
                routed_score REAL,
                routed_confident INTEGER NOT NULL DEFAULT 0,
                priority TEXT NOT NULL DEFAULT 'normal',
                agency_id TEXT REFERENCES agencies(id),
                claimed_by INTEGER REFERENCES persons(id),
                offered_to TEXT NOT NULL DEFAULT '[]',  -- JSON list of team ids
                team_id TEXT REFERENCES teams(id),
                proposed_at TEXT,
                scheduled_at TEXT,
                report TEXT,                            -- JSON completion report
                rating INTEGER,
                rating_comment TEXT,
                last_reason TEXT NOT NULL DEFAULT '',
                state TEXT NOT NULL,
                state_since TEXT NOT NULL,
                state_times TEXT NOT NULL DEFAULT '{}', -- JSON: state -> first entered
                version INTEGER NOT NULL DEFAULT 1,
                created_at TEXT NOT NULL,
                erased_at TEXT
            )""",
            "CREATE INDEX orders_by_state ON orders(jurisdiction, state)",
            "CREATE INDEX orders_by_resident ON orders(resident_id)",
            "CREATE INDEX orders_by_station ON orders(station_id, state)",
            "CREATE INDEX orders_by_agency ON orders(agency_id, state)",
            "CREATE INDEX orders_by_team ON orders(team_id, state)",
            """CREATE TABLE order_events (
                id INTEGER PRIMARY KEY,
                order_id INTEGER NOT NULL REFERENCES orders(id),
                actor_id INTEGER,                       -- NULL for the system
                actor_role TEXT NOT NULL,
                event TEXT NOT NULL,
                from_state TEXT,
                to_state TEXT,
                reason TEXT NOT NULL DEFAULT '',
                data TEXT NOT NULL DEFAULT '{}',
                at TEXT NOT NULL,
                -- the Telegram update or callback that caused it: recording the event
                -- and checking the command was not already carried out is one statement
                command_key TEXT UNIQUE
            )""",
            "CREATE INDEX order_events_by_order ON order_events(order_id)",
            """CREATE TABLE outbox (
                id INTEGER PRIMARY KEY,
                chat_id INTEGER NOT NULL,
                template TEXT NOT NULL,
                params TEXT NOT NULL DEFAULT '{}',
                actions TEXT NOT NULL DEFAULT '[]',
                order_id INTEGER REFERENCES orders(id),
                created_at TEXT NOT NULL,
                not_before TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                last_error TEXT,
                sent_at TEXT,
                message_id INTEGER,
                dead INTEGER NOT NULL DEFAULT 0
            )""",
            "CREATE INDEX outbox_pending ON outbox(sent_at, dead, not_before)",
            """CREATE TABLE ledger (
                id INTEGER PRIMARY KEY,
                order_id INTEGER NOT NULL REFERENCES orders(id),
                team_id TEXT NOT NULL REFERENCES teams(id),
                person_id INTEGER REFERENCES persons(id),
                hours REAL NOT NULL,
                points REAL NOT NULL,
                at TEXT NOT NULL
            )""",
            "CREATE INDEX ledger_by_team ON ledger(team_id)",
        ),
    ),
    (
        "0003_inbox",
        (
            # Every update from Telegram is stored here before it is confirmed.
            """CREATE TABLE inbox (
                update_id INTEGER PRIMARY KEY,
                payload TEXT NOT NULL,
                received_at TEXT NOT NULL,
                processed_at TEXT
            )""",
            "CREATE INDEX inbox_pending ON inbox(processed_at, update_id)",
        ),
    ),
    (
        "0004_ui_state",
        (
            # Chat UI state (conversation steps, drafts, language): not orders.
            """CREATE TABLE ui_state (
                kind TEXT NOT NULL,
                key TEXT NOT NULL,
                value TEXT NOT NULL,
                PRIMARY KEY (kind, key)
            )""",
        ),
    ),
    (
        "0005_deadlines",
        (
            # When the sweep should next look at an order: derived from its state and
            # timestamps by bot.domain.deadlines, kept here so a tick reads only what is due.
            "ALTER TABLE orders ADD COLUMN next_nudge_at TEXT",
            "CREATE INDEX orders_next_nudge ON orders(next_nudge_at) "
            "WHERE next_nudge_at IS NOT NULL",
            # Digests, summaries and campaign prompts already sent: one row per period.
            """CREATE TABLE reports_sent (
                kind TEXT NOT NULL,
                period TEXT NOT NULL,
                scope TEXT NOT NULL,
                sent_at TEXT NOT NULL,
                PRIMARY KEY (kind, period, scope)
            )""",
        ),
    ),
    (
        "0006_outbox_by_order",
        # Taking an order finds its offer cards: without this every accept reads the outbox.
        ("CREATE INDEX outbox_by_order ON outbox(order_id, template)",),
    ),
    (
        "0007_inbox_by_arrival",
        (
            # Update ids may start again lower (Telegram says so after a week without
            # updates): rows are kept in arrival order, an update is known by its id and
            # content, and the offset to confirm is kept apart, from what getUpdates gave.
            """CREATE TABLE inbox_by_arrival (
                id INTEGER PRIMARY KEY,
                update_id INTEGER NOT NULL,
                digest TEXT NOT NULL,
                payload TEXT NOT NULL,
                received_at TEXT NOT NULL,
                processed_at TEXT,
                attempts INTEGER NOT NULL DEFAULT 0,
                failed_at TEXT,
                last_error TEXT,
                UNIQUE (update_id, digest)
            )""",
            "INSERT INTO inbox_by_arrival (update_id, digest, payload, received_at, "
            "processed_at) SELECT update_id, '', payload, received_at, processed_at FROM inbox "
            "ORDER BY update_id",
            """CREATE TABLE runtime_state (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
            "INSERT INTO runtime_state (key, value, updated_at) "
            "SELECT 'receiver.offset', MAX(update_id) + 1, MAX(received_at) FROM inbox "
            "HAVING COUNT(*) > 0",
            "DROP TABLE inbox",
            "ALTER TABLE inbox_by_arrival RENAME TO inbox",
            _digest_old_updates,
            "CREATE INDEX inbox_waiting ON inbox(id) WHERE processed_at IS NULL "
            "AND failed_at IS NULL",
        ),
    ),
    (
        "0008_role_changes_and_draft_ages",
        (
            # Roles are granted by invites and may be revoked by the coordinator: who
            # did which, and when, is kept after the role row itself is gone.
            """CREATE TABLE role_changes (
                id INTEGER PRIMARY KEY,
                person_id INTEGER NOT NULL,
                role TEXT NOT NULL,
                scope_id TEXT NOT NULL,
                change TEXT NOT NULL,                 -- granted | revoked
                by_person INTEGER,                    -- NULL: the command line
                at TEXT NOT NULL
            )""",
            "INSERT INTO role_changes (person_id, role, scope_id, change, by_person, at) "
            "SELECT person_id, role, scope_id, 'granted', NULL, granted_at FROM roles",
            # Drafts of abandoned conversations expire: each UI row knows its age.
            "ALTER TABLE ui_state ADD COLUMN updated_at TEXT",
        ),
    ),
    (
        "0009_plan_accountability",
        (
            # The plan task an order counts toward: routed at 点单, corrected by the station
            # at 派单 or by the team in its report (each change is an event on the order).
            "ALTER TABLE orders ADD COLUMN counted_task TEXT",
            "UPDATE orders SET counted_task = routed_task",
            "CREATE INDEX orders_by_counted_task ON orders(jurisdiction, counted_task)",
            # Progress the coordinator enters for targets orders cannot measure
            # (e.g. 建成5所科普e站): a count toward one target of a task, with a note.
            """CREATE TABLE progress_entries (
                id INTEGER PRIMARY KEY,
                jurisdiction TEXT NOT NULL,
                task_id TEXT NOT NULL,
                target_index INTEGER NOT NULL,        -- position in the task's targets
                amount REAL NOT NULL,
                note TEXT NOT NULL DEFAULT '',
                on_date TEXT NOT NULL,                -- local date the progress happened
                entered_by INTEGER,
                entered_at TEXT NOT NULL,
                command_key TEXT UNIQUE               -- the message that entered it, once
            )""",
            "CREATE INDEX progress_by_task ON progress_entries(jurisdiction, task_id)",
            # 志愿服务记录证明: a number means one certificate, for ever.
            """CREATE TABLE certificates (
                number TEXT PRIMARY KEY,
                person_id INTEGER NOT NULL,
                jurisdiction TEXT NOT NULL,
                period_start TEXT NOT NULL,
                period_end TEXT NOT NULL,
                issued_on TEXT NOT NULL,
                issued_by INTEGER,
                content TEXT NOT NULL,                -- JSON: what the certificate states
                UNIQUE (person_id, jurisdiction, period_start, period_end)
            )""",
        ),
    ),
    (
        "0010_router_reason",
        # Why the router could not classify a request (commercial, emergency, tie…):
        # shown to the station on the card.
        ("ALTER TABLE orders ADD COLUMN routed_reason TEXT",),
    ),
    (
        "0011_channels",
        (
            # A person has our own id; the accounts they reach us by are rows, so a
            # Telegram user and (later) a WeCom user are the same kind of thing. Persons
            # made so far were keyed by their Telegram id: that id stays theirs.
            """CREATE TABLE accounts (
                channel TEXT NOT NULL,
                external_id TEXT NOT NULL,
                person_id INTEGER NOT NULL REFERENCES persons(id),
                PRIMARY KEY (channel, external_id)
            )""",
            "CREATE INDEX accounts_by_person ON accounts(person_id)",
            "INSERT INTO accounts (channel, external_id, person_id) "
            "SELECT 'telegram', CAST(id AS TEXT), id FROM persons",
            # The outbox addresses a channel and an address on it; whether that is a
            # group is said, not read off the sign of a Telegram chat id.
            "ALTER TABLE outbox ADD COLUMN channel TEXT NOT NULL DEFAULT 'telegram'",
            "ALTER TABLE outbox ADD COLUMN address TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'private'",
            "UPDATE outbox SET address = CAST(chat_id AS TEXT), "
            "kind = CASE WHEN chat_id < 0 THEN 'group' ELSE 'private' END",
            "ALTER TABLE outbox DROP COLUMN chat_id",
            "CREATE INDEX outbox_by_address ON outbox(channel, address)",
            # A team's linked group chat, per channel.
            """CREATE TABLE team_groups (
                team_id TEXT NOT NULL REFERENCES teams(id),
                channel TEXT NOT NULL,
                address TEXT NOT NULL,
                PRIMARY KEY (team_id, channel),
                UNIQUE (channel, address)
            )""",
            "INSERT INTO team_groups (team_id, channel, address) SELECT id, 'telegram', "
            "CAST(group_chat_id AS TEXT) FROM teams WHERE group_chat_id IS NOT NULL",
            "ALTER TABLE teams DROP COLUMN group_chat_id",
        ),
    ),
    (
        "0012_web_console",
        (
            # One-time links to the web console, asked for in chat (/web): only the hash
            # of the token is kept, with who asked, when, and when it was used (once).
            """CREATE TABLE web_logins (
                id INTEGER PRIMARY KEY,
                token_hash TEXT NOT NULL UNIQUE,
                person_id INTEGER NOT NULL REFERENCES persons(id),
                channel TEXT NOT NULL,                -- where the link was asked for
                created_at TEXT NOT NULL,
                expires_at TEXT NOT NULL,
                used_at TEXT
            )""",
            # A signed-in browser: the hash of its cookie's random id; signing out deletes it.
            """CREATE TABLE web_sessions (
                id_hash TEXT PRIMARY KEY,
                person_id INTEGER NOT NULL REFERENCES persons(id),
                login_id INTEGER NOT NULL REFERENCES web_logins(id),
                created_at TEXT NOT NULL,
                expires_at TEXT NOT NULL
            )""",
            "CREATE INDEX web_sessions_by_person ON web_sessions(person_id)",
            # An invite not yet used may be withdrawn by the coordinator: who, and when.
            "ALTER TABLE invites ADD COLUMN revoked_at TEXT",
            "ALTER TABLE invites ADD COLUMN revoked_by INTEGER",
        ),
    ),
    (
        "0013_report_columns",
        (
            # What a report reads of `state_times` and `report`, as plain columns beside
            # them (see storage/order_columns.py): reading the JSON of a year's orders took
            # most of the report's time. Orders write them from now on; older rows are
            # filled here with the values the reports read from the JSON until now.
            "ALTER TABLE orders ADD COLUMN entered_new_at TEXT",
            "ALTER TABLE orders ADD COLUMN entered_dispatched_at TEXT",
            "ALTER TABLE orders ADD COLUMN entered_claimed_at TEXT",
            "ALTER TABLE orders ADD COLUMN entered_accepted_at TEXT",
            "ALTER TABLE orders ADD COLUMN entered_scheduled_at TEXT",
            "ALTER TABLE orders ADD COLUMN entered_done_at TEXT",
            "ALTER TABLE orders ADD COLUMN entered_closed_at TEXT",
            "ALTER TABLE orders ADD COLUMN report_date TEXT",
            "ALTER TABLE orders ADD COLUMN report_attendance INTEGER",
            "ALTER TABLE orders ADD COLUMN report_hours REAL",
            "ALTER TABLE orders ADD COLUMN report_volunteers INTEGER",
            "ALTER TABLE orders ADD COLUMN report_summary TEXT",
            "UPDATE orders SET "
            "entered_new_at = json_extract(state_times, '$.new'), "
            "entered_dispatched_at = json_extract(state_times, '$.dispatched'), "
            "entered_claimed_at = json_extract(state_times, '$.claimed'), "
            "entered_accepted_at = json_extract(state_times, '$.accepted'), "
            "entered_scheduled_at = json_extract(state_times, '$.scheduled'), "
            "entered_done_at = json_extract(state_times, '$.done'), "
            "entered_closed_at = json_extract(state_times, '$.closed'), "
            "report_date = json_extract(report, '$.date'), "
            "report_attendance = json_extract(report, '$.attendance'), "
            "report_hours = json_extract(report, '$.hours'), "
            "report_volunteers = json_extract(report, '$.volunteers'), "
            "report_summary = json_extract(report, '$.summary')",
            # A window's completions (by service date; the state too, so that finding
            # them reads no order row), its orders (by submission) and its ledger rows
            # (by order, with what is summed: the ledger itself is not read either).
            "CREATE INDEX orders_by_report_date ON orders(jurisdiction, report_date, state)",
            "CREATE INDEX orders_by_created ON orders(jurisdiction, created_at)",
            "CREATE INDEX ledger_by_order ON ledger(order_id, person_id, team_id, hours, points)",
        ),
    ),
]


async def migrate(db: Database, through: str | None = None) -> list[str]:
    """Apply the migrations not yet recorded; returns the names applied.

    `through` names the last one to apply: a test builds a database as an older
    release left it, fills it in the old shape, and then migrates the rest."""
    if through is not None and through not in {name for name, _ in MIGRATIONS}:
        raise StorageError(f"no migration named {through}")
    async with db.transaction() as tx:
        await tx.execute(
            "CREATE TABLE IF NOT EXISTS migrations "
            "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
    applied: list[str] = []
    for name, steps in MIGRATIONS:
        if await _apply(db, name, steps):
            applied.append(name)
        if name == through:
            break
    return applied


async def _apply(db: Database, name: str, steps: tuple[Step, ...]) -> bool:
    """One migration and its record row, in one transaction; False if already recorded."""
    async with db.transaction() as tx:
        if await tx.scalar("SELECT 1 FROM migrations WHERE name = ?", (name,)):
            return False
        for step in steps:
            if isinstance(step, str):
                await tx.execute(step)
            else:
                await step(tx)
        await tx.execute(
            "INSERT INTO migrations (name, applied_at) VALUES (?, ?)",
            (name, datetime.now(UTC).isoformat()),
        )
    return True


async def open_database(path: Path | str, check: bool = False) -> Database:
    """Open, check (when asked) and migrate; a failure closes the file and raises CannotOpen."""
    db = await Database(path).open(check=check)
    try:
        await migrate(db)
    except BaseException as exc:
        await db.close()
        if isinstance(exc, (sqlite3.Error, StorageError)):
            raise CannotOpen(f"数据库 {path} 升级失败：{exc}") from exc
        raise
    return db
