"""Words for the scheduler's reports and prompts: the core queues figures, this says them."""

from __future__ import annotations

from datetime import date
from typing import Any

from texts import t


def report_text(template: str, params: dict[str, Any], locale: str, bot_username: str) -> str:
    if "text" in params:  # queued as finished words by an older version
        return str(params["text"])
    if template == "coordinator.digest":
        return _digest(params, locale)
    if template == "agency.monthly":
        return _monthly(params, locale)
    if template == "station.campaign":
        return _campaign(params, locale, bot_username)
    return t(locale, f"n.{template}", **{"reason": "", "when": "", **params})


def _rating(params: dict[str, Any], locale: str, key: str) -> str:
    if not params["rated"]:
        return t(locale, f"{key}.unrated")
    return t(locale, key, rating=f"{params['rating']:.1f}", n=params["rated"])


def _digest(p: dict[str, Any], locale: str) -> str:
    first, last = (date.fromisoformat(p[k]) for k in ("first", "last"))
    lines = [
        t(locale, "digest.head", place=p["place"], first=f"{first:%m-%d}", last=f"{last:%m-%d}")
    ]
    states = t(locale, "list.sep").join(
        f"{t(locale, f'state.{state}')} {n}" for state, n in p["open"]
    )
    lines.append(t(locale, "digest.open", states=states or t(locale, "digest.none")))
    late = sorted(
        (t(locale, f"state.{state}"), holder or t(locale, "role.resident_short"), n)
        for state, holder, n in p["late"]
    )
    if late:
        lines.append(t(locale, "digest.late"))
        lines += [t(locale, "digest.late_line", stage=s, holder=h, n=n) for s, h, n in late]
    else:
        lines.append(t(locale, "digest.late_none"))
    lines.append(
        t(
            locale,
            "digest.week",
            completed=p["completed"],
            rating=_rating(p, locale, "digest.rating"),
            hours=f"{p['hours']:g}",
        )
    )
    if "progress" in p:  # queued by an older version without it: left out
        lines.append(_plan_line(p["progress"], locale))
    return "\n".join(lines)


def _plan_line(p: dict[str, Any], locale: str) -> str:
    statuses = t(locale, "list.sep").join(
        t(locale, "progress.status_count", status=t(locale, f"progress.status.{key}"), n=n)
        for key, n in p["statuses"]
    )
    return t(
        locale,
        "progress.digest",
        period=p["period"],
        elapsed=f"{p['elapsed']:.0%}",
        statuses=statuses or t(locale, "digest.none"),
    )


def _monthly(p: dict[str, Any], locale: str) -> str:
    return t(
        locale,
        "monthly.text",
        agency=p["agency"],
        period=p["period"],
        completed=p["completed"],
        rating=_rating(p, locale, "monthly.rating"),
        hours=f"{p['hours']:g}",
        waiting=p["waiting"],
    )


def _campaign(p: dict[str, Any], locale: str, bot_username: str) -> str:
    first, last = (date.fromisoformat(p[k]) for k in ("first", "last"))
    span = f"{first:%m月%d日}" if first == last else f"{first:%m月%d日}—{last:%m月%d日}"
    return t(
        locale,
        "campaign.text",
        campaign=p["campaign"],
        span=span,
        days=p["days"],
        task=p["task"] or "—",
        lead=p["lead"] or t(locale, "campaign.no_lead"),
        topic=p["topic"],
        link=order_link(bot_username, p["payload"]),
    )


def order_link(bot_username: str, payload: str) -> str:
    """A link that opens the chat with the bot and starts an order (Telegram's deep link)."""
    return f"https://t.me/{bot_username}?start={payload}"
