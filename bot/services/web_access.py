"""Signing in to the web console without a password.

A staff member asks in chat (/web) for a link. The link carries a random token,
good for ten minutes and one use; only its hash is kept, with who asked and when
it was used. Using it opens a session: another random id, kept by the browser in
a cookie and here only as a hash, good for twelve hours or until signing out.
Each session has its own CSRF token, derived from the session id, so a page can
prove that a form came from a page of that session.

Who may sign in is decided again at every request: a person whose staff roles
were all revoked is signed out at once. Residents have no console.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.clock import Clock
from bot.domain.workflow import Actor, InvalidInput, NotAllowed, Role
from bot.services.people import load_actor
from storage import directory, web_access
from storage.db import Database, Tx
from storage.times import parse

LINK_TTL = timedelta(minutes=10)
SESSION_TTL = timedelta(hours=12)
TOKEN_BYTES = 24  # 192 random bits
SESSION_BYTES = 32
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
STAFF = frozenset({Role.station, Role.agency, Role.team_leader, Role.team_member, Role.coordinator})


def is_staff(actor: Actor) -> bool:
    return any(grant.role in STAFF for grant in actor.grants)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def csrf_for(session_id: str) -> str:
    """The session's CSRF token: computable only from the cookie's id, which is not stored."""
    return hashlib.sha256(b"csrf\0" + session_id.encode()).hexdigest()


@dataclass(frozen=True)
class LoginLink:
    token: str  # shown once, in the link; only its hash is stored
    expires_at: datetime


@dataclass(frozen=True)
class Invitation:
    """What a login link's page shows before it is used: whose it is, until when."""

    name: str
    expires_at: datetime


@dataclass(frozen=True)
class WebSession:
    id: str  # the cookie's value
    person_id: int
    expires_at: datetime

    @property
    def csrf(self) -> str:
        return csrf_for(self.id)

    def csrf_ok(self, submitted: str | None) -> bool:
        return hmac.compare_digest(self.csrf, submitted or "")


class WebAccess:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    async def may_sign_in(self, person_id: int) -> bool:
        async with self.db.read() as tx:
            return is_staff(await load_actor(tx, person_id))

    async def issue_link(self, person_id: int, channel: str = "telegram") -> LoginLink:
        """A one-time link for a staff member; NotAllowed for anyone else."""
        now = self.clock.now()
        async with self.db.transaction() as tx:
            if not is_staff(await load_actor(tx, person_id)):
                raise NotAllowed()
            token = secrets.token_urlsafe(TOKEN_BYTES)
            expires = now + LINK_TTL
            await web_access.add_login(tx, _hash(token), person_id, channel, now, expires)
        return LoginLink(token, expires)

    async def invitation(self, token: str) -> Invitation:
        """Whose link this is, without using it (the page asks before it signs in)."""
        async with self.db.read() as tx:
            login = await self._usable(tx, token)
            person = await directory.get_person(tx, login.person_id)
        expires = parse(login.expires_at)
        assert expires is not None
        return Invitation(person.display_name if person else "", expires)

    async def sign_in(self, token: str) -> WebSession:
        """Use the link (once) and open a session for its person."""
        now = self.clock.now()
        async with self.db.transaction() as tx:
            login = await self._usable(tx, token)
            if not is_staff(await load_actor(tx, login.person_id)):
                raise NotAllowed()  # the role was revoked after the link was given
            if not await web_access.use_login(tx, login.id, now):
                raise InvalidInput("web_link_used")
            await web_access.end_expired(tx, now)
            session_id = secrets.token_urlsafe(SESSION_BYTES)
            expires = now + SESSION_TTL
            await web_access.add_session(
                tx, _hash(session_id), login.person_id, login.id, now, expires
            )
        return WebSession(session_id, login.person_id, expires)

    async def _usable(self, tx: Tx, token: str) -> web_access.Login:
        if not TOKEN_PATTERN.match(token or ""):
            raise InvalidInput("web_link_unknown")
        login = await web_access.login_by_hash(tx, _hash(token))
        if login is None:
            raise InvalidInput("web_link_unknown")
        if login.used_at is not None:
            raise InvalidInput("web_link_used")
        expires = parse(login.expires_at)
        if expires is None or expires <= self.clock.now():
            raise InvalidInput("web_link_expired")
        return login

    async def session(self, session_id: str | None) -> WebSession | None:
        """The session a cookie names, if it is still good and its person still staff."""
        if not session_id or not TOKEN_PATTERN.match(session_id):
            return None
        now = self.clock.now()
        async with self.db.read() as tx:
            found = await web_access.session_by_hash(tx, _hash(session_id))
            staff = found is not None and is_staff(await load_actor(tx, found.person_id))
        expires = parse(found.expires_at) if found else None
        if found is None or expires is None:
            return None
        if expires <= now or not staff:
            await self.sign_out(session_id)
            return None
        return WebSession(session_id, found.person_id, expires)

    async def sign_out(self, session_id: str) -> None:
        async with self.db.transaction() as tx:
            await web_access.end_session(tx, _hash(session_id))
