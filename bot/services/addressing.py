"""From who should hear (persons, team groups) to where messages go (channel addresses).

A person may be reachable on more than one channel (today Telegram; WeCom would be a
second account of the same person): each of their accounts gets the message. A team's
linked group is an address of its own, marked as a group (anyone may read it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from storage import directory
from storage.db import Tx
from storage.outbox import Address


@dataclass(frozen=True)
class Notification:
    """One message to queue: for a person (or a team's group), at one address."""

    to: Address
    person_id: int | None  # None: a group
    template: str
    params: dict[str, Any]
    actions: list[dict[str, Any]]


async def person_addresses(tx: Tx, person_ids: Iterable[int]) -> dict[int, list[Address]]:
    accounts = await directory.accounts_of(tx, list(person_ids))
    return {
        person: [Address(channel, external) for channel, external in found]
        for person, found in accounts.items()
    }


def group_addresses(links: list[tuple[str, str]]) -> list[Address]:
    return [Address(channel, address, "group") for channel, address in links]


async def to_persons(
    tx: Tx, person_ids: Iterable[int], template: str, params: dict[str, Any]
) -> list[Notification]:
    """The same message to each of these persons, at every address they have."""
    people = list(dict.fromkeys(person_ids))
    found = await person_addresses(tx, people)
    return [
        Notification(address, person, template, params, [])
        for person in people
        for address in found.get(person, [])
    ]


def rows(notes: list[Notification], order_id: int | None = None) -> list[Any]:
    """The outbox rows for `notes`."""
    return [(n.to, n.template, n.params, n.actions, order_id) for n in notes]
