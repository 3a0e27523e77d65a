"""Hourly: mask personal data of ended orders, forget old inbox and outbox rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.services import Services
from storage import inbox, outbox

KEEP_UPDATES = timedelta(days=7)  # long enough to look into a problem report
KEEP_MESSAGES = timedelta(days=30)


@dataclass
class Tidied:
    erased: int
    updates: int
    messages: int


async def tidy(services: Services) -> Tidied:
    erased = await services.orders.erase_personal_data()
    now = services.clock.now()
    async with services.db.transaction() as tx:
        updates = await inbox.prune(tx, now - KEEP_UPDATES)
        messages = await outbox.prune(tx, now - KEEP_MESSAGES)
    return Tidied(erased, updates, messages)
