"""Hourly: mask personal data of ended orders, forget old inbox and outbox rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.services import Services
from storage import inbox, outbox

KEEP_UPDATES = timedelta(days=7)  # long enough to look into a problem report
KEEP_MESSAGES = timedelta(days=30)
KEEP_DRAFTS = timedelta(days=3)  # an order left half-filled longer than this starts again


@dataclass
class Tidied:
    erased: int
    updates: int
    messages: int


def keep_for(services: Services, longest: timedelta) -> timedelta:
    """Raw updates, messages and drafts hold what people typed (phones, places): never kept
    longer than personal data is kept on orders (ERASE_AFTER_DAYS)."""
    return min(longest, timedelta(days=services.settings.erase_after_days))


async def tidy(services: Services) -> Tidied:
    erased = await services.orders.erase_personal_data()
    now = services.clock.now()
    async with services.db.transaction() as tx:
        updates = await inbox.prune(tx, now - keep_for(services, KEEP_UPDATES))
        messages = await outbox.prune(tx, now - keep_for(services, KEEP_MESSAGES))
    return Tidied(erased, updates, messages)
