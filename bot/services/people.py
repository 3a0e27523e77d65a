"""People, roles and invites: roles are only ever granted by redeeming an invite."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.clock import Clock, local_text
from bot.domain.textclean import person_name
from bot.domain.workflow import Actor, Grant, InvalidInput, NotAllowed, Role
from bot.services import addressing
from bot.services.catalog import Catalog
from storage import directory, invites, outbox
from storage.db import Database, Tx
from storage.times import parse

DEFAULT_CHANNEL = "telegram"  # the one channel people have accounts on so far
CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
CODE_BYTES = 24  # 192 random bits; token_urlsafe gives 32 characters

INVITABLE = (Role.coordinator, Role.station, Role.agency, Role.team_leader, Role.team_member)


def invitable(role_id: str | None) -> Role | None:
    """The role with this id, if invites may grant it."""
    return next((r for r in INVITABLE if r.value == role_id), None)


def _new_code() -> str:
    """A random invite code. Never one that begins like a theme-day link (c_…): /start
    with such a payload opens an order, and the invite would be lost."""
    while (code := secrets.token_urlsafe(CODE_BYTES)).startswith("c_"):
        pass
    return code


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedInvite:
    code: str  # shown once; only its hash is stored
    role: Role
    scope: str
    jurisdiction: str
    expires_at: str
    scope_name: str = ""


@dataclass(frozen=True)
class Redeemed:
    role: Role
    scope: str
    jurisdiction: str
    scope_name: str = ""


class PeopleService:
    def __init__(self, db: Database, catalog: Catalog, clock: Clock, invite_ttl_days: int = 14):
        self.db = db
        self.catalog = catalog
        self.clock = clock
        self.invite_ttl = timedelta(days=invite_ttl_days)

    async def resolve(
        self, channel: str, external_id: int | str, name: str, lang: str | None = None
    ) -> int:
        """Our person id for an account on a channel, made on first sight; the name as the
        channel gives it now."""
        external, name = str(external_id), person_name(name)
        async with self.db.read() as tx:
            known = await directory.person_of(tx, channel, external)
            person = await directory.get_person(tx, known) if known is not None else None
        if person is not None and person.display_name == name:
            return person.id
        now = self.clock.now()
        async with self.db.transaction() as tx:
            known = await directory.person_of(tx, channel, external)
            if known is None:
                return await directory.add_account(tx, channel, external, name, lang, now)
            await directory.upsert_person(tx, known, name, lang, now)
            return known

    async def ensure_person(self, person_id: int, name: str, lang: str | None = None) -> None:
        """A person known by a Telegram account whose id is `person_id` (the command line and
        tests make people this way; persons made before accounts existed are such)."""
        got = await self.resolve(DEFAULT_CHANNEL, person_id, name, lang)
        if got != person_id:
            raise InvalidInput("account_taken", account=person_id, other=got)

    async def set_lang(self, person_id: int, name: str, lang: str) -> None:
        async with self.db.transaction() as tx:
            await directory.set_lang(tx, person_id, person_name(name), lang, self.clock.now())

    async def actor(self, person_id: int) -> Actor:
        async with self.db.read() as tx:
            return await load_actor(tx, person_id)

    async def _scope_place(self, tx: Tx, role: Role, scope: str) -> tuple[str, str | None]:
        """A role's scope as people call it (旗农牧局, not dalad.592af1; the scope itself when
        unknown) and the jurisdiction it belongs to (None when it does not exist)."""
        if role is Role.coordinator:
            plan = self.catalog.plans.get(scope)
            return (plan.name, scope) if plan else (scope, None)
        if role is Role.agency:
            agency = self.catalog.agency(scope)
            return (agency.name, scope.split(".", 1)[0]) if agency else (scope, None)
        get = directory.get_station if role is Role.station else directory.get_team
        found = await get(tx, scope)
        return (found.name, found.jurisdiction) if found else (scope, None)

    async def _scope_jurisdiction(self, tx: Tx, role: Role, scope: str) -> str:
        """The jurisdiction a scope belongs to; InvalidInput when the scope does not exist."""
        jurisdiction = (await self._scope_place(tx, role, scope))[1]
        if jurisdiction is None:
            raise InvalidInput("scope_unknown", role=role.value, scope=scope)
        return jurisdiction

    async def scope_name(self, tx: Tx, role: Role, scope: str) -> str:
        """What people call a role's scope: 旗农牧局, not dalad.592af1."""
        return (await self._scope_place(tx, role, scope))[0]

    async def grant_names(self, person_id: int, role: Role, scope: str) -> tuple[str, str]:
        """The person's name and the scope's, as a confirmation question shows them."""
        async with self.db.read() as tx:
            person = await directory.get_person(tx, person_id)
            place = await self.scope_name(tx, role, scope)
        return (person.display_name if person else "") or str(person_id), place

    async def revoke(
        self, issuer_id: int | None, person_id: int, role: Role, scope: str
    ) -> Revoked:
        """Take a role away (the coordinator in chat, or the command line with no issuer).
        From the next press on the person is refused (无权限); cards still queued for them
        are dropped when their turn comes, so they see no new phone numbers."""
        now = self.clock.now()
        async with self.db.transaction() as tx:
            jurisdiction = await self._scope_jurisdiction(tx, role, scope)
            await ensure_coordinator(tx, issuer_id, jurisdiction)
            person = await directory.get_person(tx, person_id)
            if not await directory.revoke(tx, person_id, role.value, scope, issuer_id, now):
                raise InvalidInput("role_not_held")
            place = await self.scope_name(tx, role, scope)
            params = {"place": place, "role": role.value}
            notes = await addressing.to_persons(tx, [person_id], "person.revoked", params)
            await outbox.enqueue(tx, addressing.rows(notes), now)
        name = person.display_name if person else ""
        return Revoked(person_id, name, role, scope, jurisdiction, place)

    async def holders(self, issuer_id: int | None, jurisdiction: str) -> list[directory.Holder]:
        """Everyone with a role in a jurisdiction (for /revoke and `admin list people`)."""
        async with self.db.read() as tx:
            await ensure_coordinator(tx, issuer_id, jurisdiction)
            plan = self.catalog.plans.get(jurisdiction)
            names = {jurisdiction: plan.name if plan else jurisdiction}
            names |= {s.id: s.name for s in await directory.stations_in(tx, jurisdiction)}
            names |= {t.id: t.name for t in await directory.teams_in(tx, jurisdiction)}
            names |= {a.id: a.name for a in self.catalog.registries[jurisdiction].agencies}
            found = await directory.role_holders(tx, list(names))
        for holder in found:
            holder.scope_name = names[holder.scope]
        return found

    async def held_roles(self, person_id: int) -> list[tuple[Role, str]]:
        """The person's roles, each with the name of its place (旗农牧局, 部门联络员)."""
        async with self.db.read() as tx:
            grants = await directory.grants_of(tx, person_id)
            return [(Role(r), await self.scope_name(tx, Role(r), scope)) for r, scope in grants]

    async def profile(self, person_id: int) -> Profile:
        """Who someone is: name, roles with their places, and the jurisdictions they work in."""
        async with self.db.read() as tx:
            person = await directory.get_person(tx, person_id)
            actor = await load_actor(tx, person_id)
            roles, places = [], []
            for grant in sorted(actor.grants, key=lambda g: (INVITABLE.index(g.role), g.scope)):
                name, place = await self._scope_place(tx, grant.role, grant.scope)
                roles.append((grant.role, name))
                if place is not None:  # None: a place no longer in the catalog
                    places.append(place)
        name = person.display_name if person else ""
        enabled = [p for p in dict.fromkeys(places) if p in self.catalog.plans]
        return Profile(person_id, name or str(person_id), actor, roles, enabled)

    async def find_scope(self, role: Role, text: str, jurisdictions: list[str]) -> str | None:
        """The scope someone typed, by id or by name, within these jurisdictions."""
        text = text.strip()
        if role is Role.coordinator:
            return next((j for j in jurisdictions if text in (j, self.catalog.plan(j).name)), None)
        if role is Role.agency:
            found = (self.catalog.resolve(j, text) for j in jurisdictions)
            return next((a.id for a in found if a is not None), None)
        async with self.db.read() as tx:
            for place in jurisdictions:
                if role is Role.station:
                    named = await directory.stations_in(tx, place)
                else:
                    named = await directory.teams_in(tx, place)
                hit = next((x.id for x in named if text in (x.id, x.name)), None)
                if hit:
                    return hit
        return None

    async def create_invite(self, issuer_id: int | None, role: Role, scope: str) -> IssuedInvite:
        """`issuer_id` None is the bootstrap command line, which may invite anyone."""
        if role not in INVITABLE:
            raise InvalidInput("role_not_invitable", role=str(role))
        now = self.clock.now()
        async with self.db.transaction() as tx:
            jurisdiction = await self._scope_jurisdiction(tx, role, scope)
            await ensure_coordinator(tx, issuer_id, jurisdiction)
            code = _new_code()
            expires = now + self.invite_ttl
            await invites.insert(
                tx, hash_code(code), role, scope, jurisdiction, issuer_id, now, expires
            )
            name = await self.scope_name(tx, role, scope)
        return IssuedInvite(code, role, scope, jurisdiction, local_text(expires), name)

    async def redeem(self, person_id: int, name: str, code: str) -> Redeemed:
        code = (code or "").strip()
        if not CODE_PATTERN.match(code):
            raise InvalidInput("invite_format")
        now = self.clock.now()
        async with self.db.transaction() as tx:
            invite = await invites.by_hash(tx, hash_code(code))
            if invite is None:
                raise InvalidInput("invite_unknown")
            if invite.redeemed_by is not None:
                raise InvalidInput("invite_used")
            if invite.revoked_at is not None:
                raise InvalidInput("invite_revoked")
            expires = parse(invite.expires_at)
            if expires is None or expires <= now:
                raise InvalidInput("invite_expired")
            await known_person(tx, person_id, name, now)
            if not await invites.mark_redeemed(tx, invite.id, person_id, now):
                raise InvalidInput("invite_used")
            await directory.grant(tx, person_id, invite.role, invite.scope_id, now, invite.id)
            name = await self.scope_name(tx, Role(invite.role), invite.scope_id)
        return Redeemed(Role(invite.role), invite.scope_id, invite.jurisdiction, name)


@dataclass(frozen=True)
class Profile:
    person_id: int
    name: str
    actor: Actor
    roles: list[tuple[Role, str]]  # each role with its place's name, coordinator first
    jurisdictions: list[str]  # where those places are


@dataclass(frozen=True)
class Revoked:
    person_id: int
    name: str
    role: Role
    scope: str
    jurisdiction: str
    place: str  # the scope's name: 旗农牧局


async def known_person(tx: Tx, person_id: int, name: str, now: datetime) -> None:
    """Keep a person's name current. An id never seen is taken for the Telegram account of
    that id (the command line and tests name people so); channels resolve theirs first."""
    if await directory.get_person(tx, person_id) is not None:
        await directory.upsert_person(tx, person_id, person_name(name), None, now)
        return
    made = await directory.add_account(
        tx, DEFAULT_CHANNEL, str(person_id), person_name(name), None, now
    )
    if made != person_id:
        raise InvalidInput("account_taken", account=person_id, other=made)


async def ensure_coordinator(tx: Tx, issuer_id: int | None, jurisdiction: str) -> None:
    """Only the jurisdiction's coordinator may manage its people (None: the command line)."""
    if issuer_id is not None:
        issuer = await load_actor(tx, issuer_id)
        if not issuer.has(Role.coordinator, jurisdiction):
            raise NotAllowed()


async def load_actor(tx: Tx, person_id: int) -> Actor:
    grants = await directory.grants_of(tx, person_id)
    return Actor(person_id, frozenset(Grant(Role(role), scope) for role, scope in grants))
