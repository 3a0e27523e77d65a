"""Services on a real SQLite file, with the dalad sample data and a moved clock."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.config import Settings
from bot.domain.clock import FakeClock
from bot.domain.workflow import Role
from bot.seed import load_seed, sample_path
from bot.services import Services
from tests.drafts import SHEEP_TALK


@dataclass
class World:
    services: Services
    clock: FakeClock
    next_id: int = 1000

    async def person(
        self, role: Role | None = None, scope: str | None = None, name: str = ""
    ) -> int:
        """A new person, holding `role` over `scope` by redeeming a real invite."""
        self.next_id += 1
        pid = self.next_id
        await self.services.people.ensure_person(pid, name or f"用户{pid}")
        if role is not None:
            assert scope is not None
            invite = await self.services.people.create_invite(None, role, scope)
            await self.services.people.redeem(pid, name or f"用户{pid}", invite.code)
        return pid

    def agency(self, name: str, jurisdiction: str = "dalad") -> str:
        agency = self.services.catalog.resolve(jurisdiction, name)
        assert agency is not None, name
        return agency.id

    async def order(self, resident: int | None = None, **overrides) -> int:
        resident = resident or await self.person()
        draft = SHEEP_TALK | {"audience": "牧民", "place_detail": "某嘎查村委会"} | overrides
        outcome = await self.services.orders.submit(resident, "居民", draft)
        return outcome.order.id


@pytest.fixture
async def world(tmp_path):
    clock = FakeClock()
    settings = Settings(
        database_path=tmp_path / "orders.db",
        jurisdictions="dalad,hanggin,abag",
        _env_file=None,
    )
    services = await Services.start(settings, clock=clock, with_router=False)
    await load_seed(services, sample_path("dalad"))
    world = World(services, clock)
    yield world
    await world.services.close()  # a test may have restarted the services


@pytest.fixture
async def cast(world):
    """One person in each role of the dalad sample, by name."""
    return {
        "resident": await world.person(),
        "station": await world.person(Role.station, "dalad-shulinzhao"),
        "other_station": await world.person(Role.station, "dalad-wangaizhao"),
        "agency": await world.person(Role.agency, world.agency("旗农牧局")),
        "other_agency": await world.person(Role.agency, world.agency("旗卫生健康委员会")),
        "agri_leader": await world.person(Role.team_leader, "dalad-agri"),
        "agri_member": await world.person(Role.team_member, "dalad-agri"),
        "health_leader": await world.person(Role.team_leader, "dalad-health"),
        "coordinator": await world.person(Role.coordinator, "dalad"),
    }
