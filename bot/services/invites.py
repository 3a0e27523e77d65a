"""The invites of a jurisdiction as its 科协 sees them: who issued each and when, until when
it is good, who used it; an invite nobody used yet may be withdrawn. (Issuing and
redeeming are PeopleService's.)"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.clock import Clock
from bot.domain.workflow import InvalidInput, NotFound, Role
from bot.services.people import PeopleService, ensure_coordinator, hash_code
from storage import invites
from storage.db import Database, Tx
from storage.times import parse

SHOWN = 200  # the newest; older invites are history nobody acts on


@dataclass(frozen=True)
class InviteEntry:
    id: int
    role: Role
    scope: str
    scope_name: str
    status: str  # open, used, expired, revoked
    issuer: str  # "" for the command line
    created_at: str
    expires_at: str
    redeemer: str = ""
    redeemed_at: str | None = None
    revoker: str = ""
    revoked_at: str | None = None


class InviteBook:
    def __init__(self, db: Database, people: PeopleService, clock: Clock) -> None:
        self.db = db
        self.people = people
        self.clock = clock

    async def listed(self, issuer_id: int, jurisdiction: str) -> list[InviteEntry]:
        async with self.db.read() as tx:
            await ensure_coordinator(tx, issuer_id, jurisdiction)
            found = await invites.in_jurisdiction(tx, jurisdiction, SHOWN)
            return [await self._entry(tx, row) for row in found]

    async def issued(self, issuer_id: int, code: str) -> InviteEntry | None:
        """An invite its issuer has just made, known by its code (shown to them once)."""
        async with self.db.read() as tx:
            invite = await invites.by_hash(tx, hash_code(code))
            if invite is None:
                return None
            await ensure_coordinator(tx, issuer_id, invite.jurisdiction)
            found = await invites.in_jurisdiction(tx, invite.jurisdiction, SHOWN)
            row = next((r for r in found if r.invite.id == invite.id), None)
            return await self._entry(tx, row) if row else None

    async def withdraw(self, issuer_id: int, invite_id: int) -> None:
        """The invite can no longer be used; refused once it was used, expired or withdrawn."""
        now = self.clock.now()
        async with self.db.transaction() as tx:
            invite = await invites.by_id(tx, invite_id)
            if invite is None:
                raise NotFound()
            await ensure_coordinator(tx, issuer_id, invite.jurisdiction)
            expires = parse(invite.expires_at)
            if expires is None or expires <= now:
                raise InvalidInput("invite_not_open")
            if not await invites.withdraw(tx, invite_id, issuer_id, now):
                raise InvalidInput("invite_not_open")

    async def _entry(self, tx: Tx, row: invites.Listed) -> InviteEntry:
        invite, role = row.invite, Role(row.invite.role)
        expires = parse(invite.expires_at)
        if invite.revoked_at:
            status = "revoked"
        elif invite.redeemed_by is not None:
            status = "used"
        elif expires is None or expires <= self.clock.now():
            status = "expired"
        else:
            status = "open"
        return InviteEntry(
            id=invite.id,
            role=role,
            scope=invite.scope_id,
            scope_name=await self.people.scope_name(tx, role, invite.scope_id),
            status=status,
            issuer=row.issuer or "",
            created_at=invite.created_at,
            expires_at=invite.expires_at,
            redeemer=row.redeemer or "",
            redeemed_at=invite.redeemed_at,
            revoker=row.revoker or "",
            revoked_at=invite.revoked_at,
        )
