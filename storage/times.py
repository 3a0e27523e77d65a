"""Timestamps as fixed-width UTC text, so that SQL string comparison orders them."""

from __future__ import annotations

from datetime import UTC, datetime

_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("naive datetime: pass an aware one")
    return moment.astimezone(UTC).strftime(_FORMAT)


def parse(text: str | None) -> datetime | None:
    if not text:
        return None
    return datetime.strptime(text, _FORMAT).replace(tzinfo=UTC)
