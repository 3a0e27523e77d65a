"""How the bot is doing, from its database and its lock: `admin status` and `GET /healthz`.

A bot left alone must be checkable by someone who knows nothing of its insides:
is it running, when did it last handle an update, does anything wait to be
sent (and since when), did any update fail, did the minute tick run lately.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.instance import running_pid
from storage import inbox, outbox, runtime
from storage.db import Database
from storage.times import parse

TICK_KEY = "tick.last_at"
TICK_LATE_S = 300  # a tick runs every minute: five missed mean the scheduler stopped
BACKLOG_LATE_S = 900  # a message waiting this long means sending is stuck


@dataclass(frozen=True)
class Health:
    running: bool
    pid: int | None
    newest_update_age_s: float | None
    updates_waiting: int
    updates_failed: int
    outbox_backlog: int
    oldest_unsent_age_s: float | None
    last_tick_age_s: float | None

    @property
    def problems(self) -> list[str]:
        found = []
        if not self.running:
            found.append("机器人未运行")
        if self.last_tick_age_s is None or self.last_tick_age_s > TICK_LATE_S:
            found.append("定时任务超过 5 分钟未运行")
        if self.oldest_unsent_age_s is not None and self.oldest_unsent_age_s > BACKLOG_LATE_S:
            found.append("有消息等待发送超过 15 分钟")
        return found

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ok": self.ok, "problems": self.problems}

    def lines(self) -> list[str]:
        state = f"运行中（进程 {self.pid}）" if self.running else "未运行"
        waiting = f"{self.outbox_backlog}（最早一条等待 {_age(self.oldest_unsent_age_s)}）"
        return [
            f"运行状态        {state}",
            f"最近处理的更新  {_age(self.newest_update_age_s)}",
            f"待处理更新      {self.updates_waiting}",
            f"处理失败的更新  {self.updates_failed}",
            f"待发送消息      {waiting}",
            f"最近一次定时任务 {_age(self.last_tick_age_s)}",
            f"结论            {'正常' if self.ok else '；'.join(self.problems)}",
        ]


async def gather(db: Database, database_path: Path, now: datetime) -> Health:
    async with db.read() as tx:
        seen = await inbox.health(tx)
        waiting, oldest = await outbox.backlog(tx)
        tick = await runtime.get_value(tx, TICK_KEY)
    pid = running_pid(database_path)
    return Health(
        running=pid is not None,
        pid=pid if pid and pid > 0 else None,
        newest_update_age_s=_seconds_since(seen.newest_handled, now),
        updates_waiting=seen.waiting,
        updates_failed=seen.failed,
        outbox_backlog=waiting,
        oldest_unsent_age_s=_seconds_since(oldest, now) if waiting else None,
        last_tick_age_s=_seconds_since(tick, now),
    )


def _seconds_since(stamp: str | None, now: datetime) -> float | None:
    moment = parse(stamp)
    return None if moment is None else max(0.0, (now - moment).total_seconds())


def _age(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 120:
        return f"{seconds:.0f} 秒前"
    if seconds < 7200:
        return f"{seconds / 60:.0f} 分钟前"
    if seconds < 172800:
        return f"{seconds / 3600:.1f} 小时前"
    return f"{seconds / 86400:.1f} 天前"
