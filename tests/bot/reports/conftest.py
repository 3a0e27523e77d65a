"""A quarter of known completions in 达拉特旗, built through the real services.

| order | task          | place    | attendance | hours | volunteers | named          | stars |
| f1    | farmers.3     | 甲嘎查    | 40         | 2     | 3          | member         | 5     |
| f2    | farmers.3     | 乙嘎查    | 25         | 1.5   | 2          | member, leader | 4     |
| y1    | youth.2       | 第一小学  | 100        | 1     | 1          | —              | 3     |
| y2    | youth.2       | 第一小学  | 80         | 1     | 1          | —              | —     |
| y3    | youth.2       | 第二小学  | 60         | 1     | 1          | —              | —     |
| u1    | (no task)     | 丙嘎查    | 30         | 2     | 1          | —              | —     |
| n1    | farmers.3, submitted only (new)                                          |

Entered by the coordinator: youth.2 target 0 (命名示范学校) 1 所; farmers.3 target 0 (counted
by orders) 10 场次, which must not be added to the counted figure.
"""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from bot.domain.clock import local_date
from storage import progress_entries


@dataclass
class Quarter:
    world: object
    cast: dict
    orders: dict = field(default_factory=dict)

    @property
    def today(self):
        return local_date(self.world.clock.now())


async def _complete(world, cast, task, place, attendance, hours, volunteers, named, stars):
    svc, clock = world.services.orders, world.clock
    oid = await world.order(
        resident=cast["resident"], routed_task=task, place_detail=place, contact_phone="13812345678"
    )
    agency = world.agency("旗农牧局")
    await svc.dispatch(oid, cast["station"], agency_id=agency)
    await svc.claim(oid, cast["agency"])
    await svc.publish(oid, cast["agency"], team_id="dalad-agri")
    await svc.accept(oid, cast["agri_leader"])
    await svc.propose_time(oid, cast["agri_leader"], clock.now() + timedelta(hours=2))
    await svc.confirm_time(oid, cast["resident"])
    clock.advance(hours=3)
    report = {
        "date": local_date(clock.now()).isoformat(),
        "attendance": attendance,
        "hours": hours,
        "volunteers": volunteers,
        "summary": f"{place}服务完成",
        "member_ids": [cast[n] for n in named],
    }
    await svc.report_done(oid, cast["agri_leader"], report)
    if stars:
        await svc.rate(oid, cast["resident"], stars)
    return oid


@pytest.fixture
async def quarter(world, cast):
    # 2026-03-02 09:00 UTC: every order of the quarter is done on 2 or 3 March.
    q = Quarter(world, cast)
    member, leader = "agri_member", "agri_leader"
    rows = {
        "f1": ("farmers.3", "甲嘎查", 40, 2, 3, [member], 5),
        "f2": ("farmers.3", "乙嘎查", 25, 1.5, 2, [member, leader], 4),
        "y1": ("youth.2", "第一小学", 100, 1, 1, [], 3),
        "y2": ("youth.2", "第一小学", 80, 1, 1, [], None),
        "y3": ("youth.2", "第二小学", 60, 1, 1, [], None),
        "u1": (None, "丙嘎查", 30, 2, 1, [], None),
    }
    for name, row in rows.items():
        q.orders[name] = await _complete(world, cast, *row)
    q.orders["n1"] = await world.order(resident=cast["resident"], routed_task="farmers.3")
    async with world.services.db.transaction() as tx:
        for task, index, amount, note in (
            ("youth.2", 0, 1, "第一小学获命名"),
            ("farmers.3", 0, 10, "线下培训"),
        ):
            await progress_entries.add(
                tx,
                "dalad",
                task,
                index,
                amount,
                note,
                q.today,
                cast["coordinator"],
                world.clock.now(),
            )
    return q
