"""A team's linked group chat: who may link it, and who is told when a link moves.

A group is shared: anyone can be in it. So only a team leader may link one, a
group already linked to another team moves only when its present team's leader
asks (a leader of both), and the team that loses its group is told either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.domain.workflow import NotAllowed, Role
from bot.services import addressing
from bot.services.people import load_actor
from storage import directory, outbox
from storage.db import Database


class LinkedElsewhere(NotAllowed):
    """The group belongs to another team whose leader the sender is not."""

    code = "linked_elsewhere"

    def __init__(self, team_name: str) -> None:
        super().__init__(team=team_name)
        self.team_name = team_name


@dataclass(frozen=True)
class Linked:
    team: directory.Team
    previous: directory.Team | None


class GroupLinks:
    def __init__(self, db: Database, clock) -> None:  # type: ignore[no-untyped-def]
        self.db = db
        self.clock = clock

    async def led_teams(self, person_id: int) -> list[directory.Team]:
        async with self.db.read() as tx:
            actor = await load_actor(tx, person_id)
            led = sorted(actor.scopes(Role.team_leader))
            found = [await directory.get_team(tx, t) for t in led]
        return [team for team in found if team is not None]

    async def link(
        self,
        person_id: int,
        name: str,
        team_id: str,
        chat_id: int | str,
        channel: str = "telegram",
    ) -> Linked:
        """Link the group `chat_id` (on `channel`) to the team; raises LinkedElsewhere (after
        telling the group's present team) when it is another team's and the sender does not
        lead that team too."""
        now = self.clock.now()
        async with self.db.transaction() as tx:
            actor = await load_actor(tx, person_id)
            team = await directory.get_team(tx, team_id)
            if team is None or not actor.has(Role.team_leader, team_id):
                raise NotAllowed()
            current = await directory.team_for_group(tx, chat_id, channel)
            moving = current is not None and current.id != team.id
            leaders = []
            if current is not None and moving:
                leaders = await directory.holders(tx, (Role.team_leader.value,), current.id)
            allowed = not moving or person_id in leaders
            template = "team.group_moved" if allowed else "team.group_relink_refused"
            params = {"name": name, "new": team.name}
            told = [p for p in leaders if p != person_id]
            notes = await addressing.to_persons(tx, told, template, params)
            await outbox.enqueue(tx, addressing.rows(notes), now)
            if allowed:
                await directory.link_group(tx, team.id, chat_id, channel)
        if not allowed:
            assert current is not None
            raise LinkedElsewhere(current.name)
        return Linked(team, current if moving else None)

    async def team_of_group(self, chat_id: int | str, channel: str = "telegram") -> Any:
        """The team a group chat is linked to, or None (every other group is ignored)."""
        async with self.db.read() as tx:
            return await directory.team_for_group(tx, chat_id, channel)

    async def moved(self, channel: str, old: str, new: str) -> None:
        """A group got a new address (Telegram: it became a supergroup): its team link and
        the messages waiting for it follow."""
        async with self.db.transaction() as tx:
            await directory.move_group(tx, channel, old, new)
            await outbox.redirect(tx, channel, old, new)
