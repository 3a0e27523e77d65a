"""The console served by aiohttp's test server, over services on a real SQLite file."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.config import Settings
from bot.domain.clock import FakeClock
from bot.domain.workflow import Role
from bot.seed import load_seed, sample_path
from bot.services import Services
from handlers.web import console
from handlers.web.server import build_web_app
from tests.drafts import SHEEP_TALK

NONCE = re.compile(r'name="nonce" value="([^"]+)"')
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
KEY = re.compile(r'name="key" value="([^"]+)"')


@dataclass
class Site:
    services: Services
    server: TestServer
    wakes: list[int] = field(default_factory=list)
    clients: list[TestClient] = field(default_factory=list)
    next_id: int = 5000

    async def person(self, role: Role | None = None, scope: str = "", name: str = "") -> int:
        """A new person holding `role` over `scope`, by redeeming a real invite."""
        self.next_id += 1
        pid, name = self.next_id, name or f"用户{self.next_id}"
        await self.services.people.ensure_person(pid, name)
        if role is not None:
            invite = await self.services.people.create_invite(None, role, scope)
            await self.services.people.redeem(pid, name, invite.code)
        return pid

    def agency(self, name: str) -> str:
        found = self.services.catalog.resolve("dalad", name)
        assert found is not None
        return found.id

    async def browser(self) -> TestClient:
        """A browser of its own (its own cookies), signed in as nobody."""
        client = TestClient(self.server)
        await client.start_server()
        self.clients.append(client)
        return client

    async def signed_in(self, person_id: int) -> TestClient:
        """A browser signed in as `person_id` by a one-time link, as a person would."""
        client = await self.browser()
        link = await self.services.web.issue_link(person_id)
        page = await client.get(f"/console/login/{link.token}")
        assert page.status == 200, await page.text()
        nonce = NONCE.search(await page.text()).group(1)
        done = await client.post(f"/console/login/{link.token}", data={"nonce": nonce})
        assert done.status == 200 and done.url.path == "/console/", await done.text()
        return client

    async def order(self, resident: int | None = None, **overrides) -> int:
        resident = resident or await self.person()
        draft = SHEEP_TALK | {"audience": "牧民"} | overrides
        return (await self.services.orders.submit(resident, "居民", draft)).order.id


async def csrf_of(client: TestClient, path: str = "/console/") -> str:
    page = await client.get(path)
    return CSRF.search(await page.text()).group(1)


@pytest.fixture
async def site(tmp_path):
    settings = Settings(
        database_path=tmp_path / "web.db", jurisdictions="dalad,hanggin", _env_file=None
    )
    services = await Services.start(settings, clock=FakeClock(), with_router=False)
    await load_seed(services, sample_path("dalad"))
    found = Site(services, None)  # type: ignore[arg-type]
    app = build_web_app(
        services, [console.add_routes], wake=lambda: found.wakes.append(1), bot_username="kepu_bot"
    )
    found.server = TestServer(app)
    await found.server.start_server()
    yield found
    for client in found.clients:
        await client.close()
    await found.server.close()
    await services.close()


FORM = re.compile(r"<form method=\"post\" action=\"([^\"]+)\"[^>]*>(.*?)</form>", re.S)
HIDDEN = re.compile(r'<input type="hidden" name="(\w+)" value="([^"]*)">')


def forms(html: str) -> list[tuple[str, dict[str, str]]]:
    """Each POST form on a page: its action, and its hidden fields."""
    return [(action, dict(HIDDEN.findall(body))) for action, body in FORM.findall(html)]


async def step_form(client: TestClient, order_id: int, cmd: str, nth: int = 0) -> dict[str, str]:
    """The hidden fields of the page's form for `cmd` (csrf, cmd, key), as a browser has them."""
    page = await client.get(f"/console/orders/{order_id}")
    found = [f for _, f in forms(await page.text()) if f.get("cmd") == cmd]
    assert len(found) > nth, f"no form for {cmd} on order {order_id}"
    return found[nth]
