"""The invites a 科协 issued: listed with who used them; an unused one withdrawn."""

import pytest

from bot.domain.workflow import InvalidInput, NotAllowed, NotFound, Role


async def test_the_list_says_who_issued_used_and_withdrew_each(world):
    people, book = world.services.people, world.services.invites
    coordinator = await world.person(Role.coordinator, "dalad", "科协张主任")
    used = await people.create_invite(coordinator, Role.station, "dalad-shulinzhao")
    await people.redeem(await world.person(name="阵地小李"), "阵地小李", used.code)
    withdrawn = await people.create_invite(coordinator, Role.team_member, "dalad-agri")
    await book.withdraw(coordinator, (await book.issued(coordinator, withdrawn.code)).id)
    await people.create_invite(coordinator, Role.agency, world.agency("旗农牧局"))
    entries = await book.listed(coordinator, "dalad")
    mine = [e for e in entries if e.issuer == "科协张主任"]
    assert [(e.role, e.scope_name, e.status) for e in mine] == [
        (Role.agency, "旗农牧局", "open"),
        (Role.team_member, "农牧业科技志愿服务队（示例）", "revoked"),
        (Role.station, "树林召镇新时代文明实践所", "used"),
    ]
    assert mine[1].revoker == "科协张主任" and mine[2].redeemer == "阵地小李"
    world.clock.advance(days=15)
    assert (await book.listed(coordinator, "dalad"))[0].status == "expired"


async def test_a_withdrawn_invite_can_no_longer_be_used(world):
    people, book = world.services.people, world.services.invites
    coordinator = await world.person(Role.coordinator, "dalad")
    invite = await people.create_invite(coordinator, Role.team_leader, "dalad-agri")
    await book.withdraw(coordinator, (await book.issued(coordinator, invite.code)).id)
    someone = await world.person()
    with pytest.raises(InvalidInput, match="已被科协撤销"):
        await people.redeem(someone, "某人", invite.code)
    assert (await people.actor(someone)).grants == frozenset()


async def test_only_an_open_invite_of_ones_own_jurisdiction_is_withdrawn(world):
    people, book = world.services.people, world.services.invites
    coordinator = await world.person(Role.coordinator, "dalad")
    invite = await people.create_invite(coordinator, Role.station, "dalad-shulinzhao")
    invite_id = (await book.issued(coordinator, invite.code)).id
    for outsider in (
        await world.person(Role.coordinator, "hanggin"),
        await world.person(Role.station, "dalad-shulinzhao"),
    ):
        with pytest.raises(NotAllowed):
            await book.withdraw(outsider, invite_id)
        with pytest.raises(NotAllowed):
            await book.listed(outsider, "dalad")
    await people.redeem(await world.person(), "某人", invite.code)
    with pytest.raises(InvalidInput, match="不能再撤销"):
        await book.withdraw(coordinator, invite_id)  # used already
    with pytest.raises(NotFound):
        await book.withdraw(coordinator, 99999)
    assert (await book.listed(coordinator, "dalad"))[0].status == "used"
