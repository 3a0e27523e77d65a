"""The demo people, their chats (the page's panes), and how they join.

Nobody is written into the database: each person redeems a real invite by sending
`/start <code>` to the bot, and the first team's leader links the team's group with
`/link`, so every role comes exactly as it does in real use.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bot.domain.workflow import Role
from bot.services.people import IssuedInvite
from handlers.telegram.emulator import Emulator
from texts import t

ENTER_WITHIN = 120.0  # seconds for the bot to start and welcome everyone (a slow machine)


@dataclass(frozen=True)
class Person:
    key: str  # names the pane in the page and its URLs
    user_id: int
    name: str
    phone: str
    role: Role
    scope: str = ""  # the invite's scope; empty: the only invite for this role


@dataclass(frozen=True)
class Pane:
    """A chat shown on the page, and the person who types and presses in it."""

    key: str
    chat_id: int
    actor: int
    title: str
    subtitle: str
    hint: str


RESIDENT = Person("resident", 7001, "王秀兰", "13904771234", Role.resident)
STATION = Person("station", 7002, "李明", "13904772345", Role.station, "dalad-shulinzhao")
AGENCY = Person("agency", 7003, "张强", "13904773456", Role.agency)
TEAM_ONE = Person("team1", 7004, "赵刚", "13904774567", Role.team_leader, "dalad-agri")
TEAM_TWO = Person("team2", 7005, "孙丽", "13904775678", Role.team_leader, "dalad-agri2")
COORDINATOR = Person("coordinator", 7006, "刘洋", "13904776789", Role.coordinator, "dalad")
STAFF = (STATION, AGENCY, TEAM_ONE, TEAM_TWO, COORDINATOR)
GROUP_KEY = "group"
RESIDENT_PLACE = "达拉特旗树林召镇的牧民（谁都可以当居民，不需要邀请）"
RESIDENT_HINT = "点单：发送 /order，按提示描述需求、选时间、留电话；/my 查看我的订单"


class CastError(RuntimeError):
    """The demo could not be set up (the bot did not welcome someone in time)."""


def invite_for(person: Person, invites: Iterable[IssuedInvite]) -> IssuedInvite:
    found = [
        i
        for i in invites
        if i.role is person.role and (not person.scope or i.scope == person.scope)
    ]
    if len(found) != 1:
        raise CastError(f"{len(found)} invites for {person.key} ({person.role.value})")
    return found[0]


class Cast:
    """The people in the emulator, and the panes the page shows, in the story's order."""

    def __init__(self, emulator: Emulator, invites: list[IssuedInvite]) -> None:
        self.emulator = emulator
        self.invites = {p.key: invite_for(p, invites) for p in STAFF}
        for person in (RESIDENT, *STAFF):
            emulator.people.user(person.user_id, first_name=person.name, phone=person.phone)
        team = self.invites[TEAM_ONE.key].scope_name
        self.group = emulator.groups.create(f"{team}队员群", members=[TEAM_ONE.user_id])
        self.panes = [
            Pane(
                RESIDENT.key,
                RESIDENT.user_id,
                RESIDENT.user_id,
                _title(RESIDENT),
                RESIDENT_PLACE,
                RESIDENT_HINT,
            ),
            *(self._staff_pane(p) for p in (STATION, AGENCY, TEAM_ONE)),
            Pane(
                GROUP_KEY,
                self.group.id,
                TEAM_ONE.user_id,
                self.group.title,
                f"服务队的群聊：您在这里以队长{TEAM_ONE.name}的身份发言",
                "接单卡片也发到这里，群里任何队员都可以接单",
            ),
            *(self._staff_pane(p) for p in (TEAM_TWO, COORDINATOR)),
        ]
        self.ready = asyncio.Event()

    def _staff_pane(self, person: Person) -> Pane:
        invite = self.invites[person.key]
        place = invite.scope_name or invite.scope  # the title names the role already
        hint = t("zh", f"role_use.{person.role.value}")
        return Pane(person.key, person.user_id, person.user_id, _title(person), place, hint)

    def pane(self, key: str) -> Pane | None:
        return next((p for p in self.panes if p.key == key), None)

    def panes_of(self, chat_id: int | None) -> list[Pane]:
        """The panes showing this chat (None: a change that concerns every chat)."""
        return [p for p in self.panes if chat_id is None or p.chat_id == chat_id]

    async def enter(self) -> None:
        """Everyone opens the bot; staff redeem their invites, then the first team's leader
        links the group. The bot handles updates in order, so the link comes after the
        leader's role. Returns once the bot has answered each of them."""
        people = self.emulator.people
        people.start(RESIDENT.user_id)
        for person in STAFF:
            people.start(person.user_id, self.invites[person.key].code)
        people.say(TEAM_ONE.user_id, "/link", self.group.id)
        await self._until(self._welcomed)
        self.ready.set()

    def _welcomed(self) -> bool:
        """The bot has greeted the resident, confirmed each role and linked the group."""
        emu = self.emulator
        linked = t("zh", "group.linked", team=self.invites[TEAM_ONE.key].scope_name)
        return (
            emu.last(RESIDENT.user_id) is not None
            and all(emu.last(p.user_id, self._confirmation(p)) for p in STAFF)
            and emu.last(self.group.id, linked) is not None
        )

    def _confirmation(self, person: Person) -> str:
        invite = self.invites[person.key]
        role = t("zh", f"role.{person.role.value}")
        return t("zh", "start.redeemed", scope=invite.scope_name or invite.scope, role=role)

    async def _until(self, done: Callable[[], bool]) -> None:
        deadline = time.monotonic() + ENTER_WITHIN
        version = self.emulator.version
        while not done():
            left = deadline - time.monotonic()
            if left <= 0:
                raise CastError(f"the bot did not welcome the demo people within {ENTER_WITHIN}s")
            version = await self.emulator.wait_for_change(version, min(left, 5.0))


def _title(person: Person) -> str:
    return f"{person.name} · {t('zh', f'role.{person.role.value}')}"
