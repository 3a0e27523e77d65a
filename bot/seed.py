"""`python -m bot seed FILE | --sample ID`: load stations, teams and invites."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.domain.places import LEVELS, PLACE_ID, STATION_KINDS
from bot.domain.workflow import Role
from bot.services import Services
from bot.services.people import IssuedInvite
from catalog.loader import read_yaml
from storage import directory

SAMPLES = Path(__file__).with_name("samples")


class StationSeed(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=PLACE_ID.pattern)
    name: str
    kind: Literal[STATION_KINDS]  # type: ignore[valid-type]
    level: Literal[LEVELS]  # type: ignore[valid-type]
    parent: str | None = None


class TeamSeed(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=PLACE_ID.pattern)
    name: str
    actions: list[str] = Field(default_factory=list)
    tasks: list[str] = Field(default_factory=list)
    stations: list[str] = Field(default_factory=list)
    group_chat_id: int | None = None  # a Telegram group already linked to the team


class InviteSeed(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Role
    scope: str


class SeedFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    jurisdiction: str
    sample: bool = False
    stations: list[StationSeed] = Field(default_factory=list)
    teams: list[TeamSeed] = Field(default_factory=list)
    invites: list[InviteSeed] = Field(default_factory=list)


def sample_path(jurisdiction: str) -> Path:
    return SAMPLES / f"{jurisdiction}.yaml"


async def load_seed(services: Services, path: Path) -> list[IssuedInvite]:
    seed = SeedFile.model_validate(read_yaml(path))
    if seed.jurisdiction not in services.catalog.plans:
        raise ValueError(f"未启用的旗市：{seed.jurisdiction}")
    async with services.db.transaction() as tx:
        for station in seed.stations:  # listed parents first
            await directory.upsert_station(
                tx,
                directory.Station(
                    station.id,
                    seed.jurisdiction,
                    station.name,
                    station.kind,
                    station.level,
                    station.parent,
                ),
            )
        for team in seed.teams:
            await directory.upsert_team(
                tx,
                directory.Team(
                    team.id,
                    seed.jurisdiction,
                    team.name,
                    team.actions,
                    team.tasks,
                    team.stations,
                    {"telegram": str(team.group_chat_id)} if team.group_chat_id else {},
                ),
            )
    issued = []
    for invite in seed.invites:
        scope = invite.scope
        if invite.role is Role.agency:  # agencies may be named as printed in the plan
            agency = services.catalog.resolve(seed.jurisdiction, scope)
            if agency is None:
                raise ValueError(f"找不到部门：{scope}")
            scope = agency.id
        issued.append(await services.people.create_invite(None, invite.role, scope))
    return issued
