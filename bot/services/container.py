"""The services the handlers, scheduler and command line use, built in one place."""

from __future__ import annotations

from dataclasses import dataclass

from bot.config import Settings
from bot.domain.clock import Clock, SystemClock
from bot.services.accountability import AccountabilityService
from bot.services.cards import CardService
from bot.services.catalog import Catalog
from bot.services.directory import DirectoryService
from bot.services.groups import GroupLinks
from bot.services.inbox import InboxService
from bot.services.invites import InviteBook
from bot.services.orders import OrderService
from bot.services.people import PeopleService
from bot.services.unit_records import UnitRecords
from bot.services.web_access import WebAccess
from storage import directory
from storage.db import Database
from storage.migrations import open_database


@dataclass
class Services:
    settings: Settings
    db: Database
    catalog: Catalog
    clock: Clock
    people: PeopleService
    orders: OrderService
    groups: GroupLinks
    cards: CardService
    directory: DirectoryService
    inbox: InboxService
    web: WebAccess  # signing in to the web console
    invites: InviteBook  # the invites a 科协 issued, to list and withdraw
    accountability: AccountabilityService  # the plan's progress, reports and entries (科协)
    records: UnitRecords  # agencies', stations', teams' and volunteers' own figures

    @classmethod
    async def start(
        cls,
        settings: Settings,
        clock: Clock | None = None,
        with_router: bool = True,
        catalog: Catalog | None = None,
        check: bool = False,
    ) -> Services:
        """`catalog` may be shared between instances (tests build the router once);
        `check` runs SQLite's quick_check first (the bot does, at every start)."""
        clock = clock or SystemClock()
        catalog = catalog or Catalog(settings.jurisdiction_ids, with_router=with_router)
        db = await open_database(settings.database_path, check=check)
        try:
            async with db.transaction() as tx:
                await directory.sync_agencies(tx, catalog.agency_rows())
        except BaseException:
            await db.close()
            raise
        orders = OrderService(
            db, catalog, clock, settings.points_per_hour, settings.erase_after_days
        )
        people = PeopleService(db, catalog, clock, settings.invite_ttl_days)
        accountability = AccountabilityService(db, catalog, clock)
        return cls(
            settings=settings,
            db=db,
            catalog=catalog,
            clock=clock,
            people=people,
            orders=orders,
            groups=GroupLinks(db, clock),
            cards=CardService(db, orders),
            directory=DirectoryService(db, catalog),
            inbox=InboxService(db, clock),
            web=WebAccess(db, clock),
            invites=InviteBook(db, people, clock),
            accountability=accountability,
            records=UnitRecords(accountability),
        )

    async def close(self) -> None:
        await self.db.close()
