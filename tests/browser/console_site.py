"""The console in a real browser: the bot's Application over the in-process Telegram
emulator (people chat as in tests/handlers), and the web app served on a free port.

A person signs in as people do: /web in their chat, the link it gives, 登录.
"""

from __future__ import annotations

import re
import socket
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from bot.config import Settings
from bot.domain.clock import FakeClock, local_date
from bot.domain.workflow import Role
from bot.seed import load_seed, sample_path
from bot.services import Services
from handlers.web import console
from handlers.web.server import build_web_app, serve
from tests.drafts import SHEEP_TALK
from tests.handlers.harness import Chat, Session, member, start_session

LINK = re.compile(r"http://\S+/console/login/[A-Za-z0-9_-]+")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class ConsoleSite:
    services: Services
    session: Session
    url: str
    runner: Any
    wakes: int = 0

    async def person(self, user_id: int, role: Role, scope: str, name: str) -> Chat:
        return await member(self.session, self.services, user_id, role, scope, name)

    def agency(self, name: str) -> str:
        found = self.services.catalog.resolve("dalad", name)
        assert found is not None
        return found.id

    async def order(self, resident: int = 6001, **overrides: Any) -> int:
        draft = SHEEP_TALK | overrides
        outcome = await self.services.orders.submit(resident, "王大姐", draft)
        await self.deliver()
        return outcome.order.id

    async def served(self, station: Chat, agency: Chat, team: Chat, **overrides: Any) -> int:
        """An order taken through every step to a rated service (for figures and charts)."""
        orders, clock = self.services.orders, self.services.clock
        order_id = await self.order(**overrides)
        await orders.dispatch(order_id, station.user_id)
        await orders.claim(order_id, agency.user_id)
        await orders.publish(order_id, agency.user_id, team_id="dalad-agri")
        await orders.accept(order_id, team.user_id)
        await orders.propose_time(order_id, team.user_id, clock.now() + timedelta(hours=2))
        await orders.confirm_time(order_id, 6001)
        clock.advance(hours=3)
        day = local_date(clock.now()).isoformat()
        report = {
            "date": day,
            "attendance": 35,
            "hours": 2,
            "volunteers": 3,
            "summary": "讲了羊的常见病",
        }
        await orders.report_done(order_id, team.user_id, report)
        await orders.rate(order_id, 6001, 5)
        await self.deliver()
        return order_id

    async def deliver(self) -> None:
        """What the sender's loop would send now (the cards of what just happened)."""
        await self.session.application.bot_data["sender"].drain()

    async def sign_in(self, page: Any, chat: Chat) -> None:
        """/web in the person's chat, the link it gives opened, 登录 pressed."""
        await chat.send("/web")
        link = LINK.search(chat.last_text())
        assert link, chat.last_text()
        await page.goto(link.group())
        await page.get_by_role("button", name="登录").click()
        await page.wait_for_url(f"{self.url}/console/")


async def open_site(tmp_path: Any) -> ConsoleSite:
    port = free_port()
    settings = Settings(
        database_path=tmp_path / "console.db",
        jurisdictions="dalad",
        web_base_url=f"http://127.0.0.1:{port}",
        _env_file=None,
    )
    services = await Services.start(settings, clock=FakeClock(), with_router=False)
    await load_seed(services, sample_path("dalad"))
    session = await start_session(services)
    site = ConsoleSite(services, session, settings.web_url, None)

    def wake() -> None:
        site.wakes += 1  # the tests deliver explicitly (site.deliver), as the harness does

    app = build_web_app(services, [console.add_routes], wake=wake, bot_username="kepu_bot")
    site.runner = await serve(app, "127.0.0.1", port)
    return site


async def close_site(site: ConsoleSite) -> None:
    await site.runner.cleanup()
    await site.session.application.shutdown()
    await site.services.close()
