"""People, roles and invites: roles are only ever granted by redeeming an invite."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from bot.catalog_access import Catalog
from bot.clock import Clock, local_text
from bot.workflow import Actor, Grant, InvalidInput, NotAllowed, Role
from storage import directory, invites, outbox
from storage.db import Database, Tx
from storage.times import parse

CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
CODE_BYTES = 24  # 192 random bits; token_urlsafe gives 32 characters

INVITABLE = (Role.coordinator, Role.station, Role.agency, Role.team_leader, Role.team_member)
ROLE_NAMES_ZH = {
    Role.resident: "居民",
    Role.station: "阵地工作人员",
    Role.agency: "部门联络员",
    Role.team_leader: "服务队队长",
    Role.team_member: "服务队队员",
    Role.coordinator: "科协管理员",
}


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedInvite:
    code: str  # shown once; only its hash is stored
    role: Role
    scope: str
    jurisdiction: str
    expires_at: str


@dataclass(frozen=True)
class Redeemed:
    role: Role
    scope: str
    jurisdiction: str


class PeopleService:
    def __init__(self, db: Database, catalog: Catalog, clock: Clock, invite_ttl_days: int = 14):
        self.db = db
        self.catalog = catalog
        self.clock = clock
        self.invite_ttl = timedelta(days=invite_ttl_days)

    async def ensure_person(self, person_id: int, name: str, lang: str | None = None) -> None:
        async with self.db.transaction() as tx:
            await directory.upsert_person(tx, person_id, name, lang, self.clock.now())

    async def set_lang(self, person_id: int, name: str, lang: str) -> None:
        async with self.db.transaction() as tx:
            await directory.set_lang(tx, person_id, name, lang, self.clock.now())

    async def actor(self, person_id: int) -> Actor:
        async with self.db.read() as tx:
            return await load_actor(tx, person_id)

    async def _scope_jurisdiction(self, tx: Tx, role: Role, scope: str) -> str:
        """The jurisdiction a scope belongs to; InvalidInput when the scope does not exist."""
        if role is Role.coordinator:
            if scope in self.catalog.plans:
                return scope
        elif role is Role.station:
            station = await directory.get_station(tx, scope)
            if station:
                return station.jurisdiction
        elif role is Role.agency:
            agency = self.catalog.agency(scope)
            if agency:
                return scope.split(".", 1)[0]
        elif role in (Role.team_leader, Role.team_member):
            team = await directory.get_team(tx, scope)
            if team:
                return team.jurisdiction
        raise InvalidInput(f"找不到{ROLE_NAMES_ZH.get(role, role)}的范围：{scope}")

    async def scope_name(self, tx: Tx, role: Role, scope: str) -> str:
        """The name people know a scope by: a jurisdiction, station, agency or team."""
        if role is Role.coordinator and scope in self.catalog.plans:
            return self.catalog.plan(scope).name
        if role is Role.agency:
            agency = self.catalog.agency(scope)
            return agency.name if agency else scope
        if role is Role.station:
            station = await directory.get_station(tx, scope)
            return station.name if station else scope
        team = await directory.get_team(tx, scope)
        return team.name if team else scope

    async def revoke(
        self, issuer_id: int | None, person_id: int, role: Role, scope: str
    ) -> Revoked:
        """Take a role away (the coordinator in chat, or the command line with no issuer).
        From the next press on the person is refused (无权限); cards still queued for them
        are dropped when their turn comes, so they see no new phone numbers."""
        now = self.clock.now()
        async with self.db.transaction() as tx:
            jurisdiction = await self._scope_jurisdiction(tx, role, scope)
            if issuer_id is not None:
                issuer = await load_actor(tx, issuer_id)
                if not issuer.has(Role.coordinator, jurisdiction):
                    raise NotAllowed()
            person = await directory.get_person(tx, person_id)
            if not await directory.revoke(tx, person_id, role.value, scope, issuer_id, now):
                raise InvalidInput("此人没有这个身份（可能已被撤销）")
            label = f"{await self.scope_name(tx, role, scope)} · {ROLE_NAMES_ZH[role]}"
            note = (person_id, "person.revoked", {"reason": label}, [], None)
            await outbox.enqueue(tx, [note], now)
        name = person.display_name if person else ""
        return Revoked(person_id, name, role, scope, jurisdiction, label)

    async def holders(self, issuer_id: int | None, jurisdiction: str) -> list[directory.Holder]:
        """Everyone with a role in a jurisdiction (for /revoke and `admin list people`)."""
        async with self.db.read() as tx:
            if issuer_id is not None:
                issuer = await load_actor(tx, issuer_id)
                if not issuer.has(Role.coordinator, jurisdiction):
                    raise NotAllowed()
            scopes = [jurisdiction]
            scopes += [s.id for s in await directory.stations_in(tx, jurisdiction)]
            scopes += [t.id for t in await directory.teams_in(tx, jurisdiction)]
            scopes += [a.id for a in self.catalog.registries[jurisdiction].agencies]
            return await directory.role_holders(tx, scopes)

    async def create_invite(self, issuer_id: int | None, role: Role, scope: str) -> IssuedInvite:
        """`issuer_id` None is the bootstrap command line, which may invite anyone."""
        if role not in INVITABLE:
            raise InvalidInput(f"不能邀请该角色：{role}")
        now = self.clock.now()
        async with self.db.transaction() as tx:
            jurisdiction = await self._scope_jurisdiction(tx, role, scope)
            if issuer_id is not None:
                issuer = await load_actor(tx, issuer_id)
                if not issuer.has(Role.coordinator, jurisdiction):
                    raise NotAllowed()
            code = secrets.token_urlsafe(CODE_BYTES)
            expires = now + self.invite_ttl
            await invites.insert(
                tx, hash_code(code), role, scope, jurisdiction, issuer_id, now, expires
            )
        return IssuedInvite(code, role, scope, jurisdiction, local_text(expires) + "（北京时间）")

    async def redeem(self, person_id: int, name: str, code: str) -> Redeemed:
        code = (code or "").strip()
        if not CODE_PATTERN.match(code):
            raise InvalidInput("邀请码格式不对，请检查后重试")
        now = self.clock.now()
        async with self.db.transaction() as tx:
            invite = await invites.by_hash(tx, hash_code(code))
            if invite is None:
                raise InvalidInput("邀请码无效")
            if invite.redeemed_by is not None:
                raise InvalidInput("邀请码已被使用")
            expires = parse(invite.expires_at)
            if expires is None or expires <= now:
                raise InvalidInput("邀请码已过期，请联系科协重新获取")
            await directory.upsert_person(tx, person_id, name, None, now)
            if not await invites.mark_redeemed(tx, invite.id, person_id, now):
                raise InvalidInput("邀请码已被使用")
            await directory.grant(tx, person_id, invite.role, invite.scope_id, now, invite.id)
        return Redeemed(Role(invite.role), invite.scope_id, invite.jurisdiction)


@dataclass(frozen=True)
class Revoked:
    person_id: int
    name: str
    role: Role
    scope: str
    jurisdiction: str
    label: str  # "旗农牧局 · 部门联络员"


async def load_actor(tx: Tx, person_id: int) -> Actor:
    grants = await directory.grants_of(tx, person_id)
    return Actor(person_id, frozenset(Grant(Role(role), scope) for role, scope in grants))
