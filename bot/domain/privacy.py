"""Who may see an order, and how much of the resident's contact details."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.order import Order
from bot.domain.textclean import ascii_digits
from bot.domain.workflow import Actor, InvalidInput, NotAllowed, Role, State

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
ERASED = "***"

# States in which the accepting team needs the resident's number.
_TEAM_SEES_PHONE = {State.accepted, State.scheduled, State.done, State.closed}


def normalize_phone(text: str) -> str:
    """A mainland mobile or landline number, digits only (landline keeps its dash).

    Digits of any script are read as ASCII first (１３８… → 138…)."""
    raw = ascii_digits((text or "").replace("＋", "+").replace("－", "-"))
    raw = re.sub(r"[\s()（）]", "", raw)
    raw = re.sub(r"^(?:\+?86)(?=1)", "", raw)
    if _MOBILE.match(raw) or _LANDLINE.match(raw):
        return raw
    raise InvalidInput("phone_format")


def mask_phone(phone: str | None) -> str | None:
    if not phone:
        return None
    if phone == ERASED or len(phone) < 7:
        return ERASED
    return f"{phone[:3]}****{phone[-4:]}"


def may_view(order: Order, actor: Actor) -> bool:
    return (
        actor.person_id == order.resident_id
        or actor.has(Role.station, order.station_id)
        or actor.has(Role.coordinator, order.jurisdiction)
        or actor.has(Role.agency, order.agency_id)
        or bool(actor.teams() & {order.team_id, *order.offered_to})
    )


def sees_phone(order: Order, actor: Actor) -> bool:
    if actor.person_id == order.resident_id or actor.has(Role.station, order.station_id):
        return True
    return (
        order.phone_visibility == "station_and_team"
        and order.team_id in actor.teams()
        and State(order.state) in _TEAM_SEES_PHONE
    )


@dataclass(frozen=True)
class OrderView:
    """An order as one person may see it."""

    order: Order
    phone: str | None
    phone_masked: bool
    by_resident: bool = False  # the resident's own view (staff notes are left out)

    @property
    def code(self) -> str:
        return self.order.code


def view_for(order: Order, actor: Actor, shared_chat: bool = False) -> OrderView:
    """`shared_chat`: the order is shown in a group (a team's linked chat), where anyone
    may be reading, so the phone is masked whoever the group stands for."""
    if not may_view(order, actor):
        raise NotAllowed()
    own = actor.person_id == order.resident_id
    if sees_phone(order, actor) and not shared_chat:
        return OrderView(order, order.contact_phone, False, own)
    return OrderView(order, mask_phone(order.contact_phone), order.contact_phone is not None, own)
