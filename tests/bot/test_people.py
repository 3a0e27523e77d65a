"""Invites: the only way to a role."""

import pytest

from bot.domain.workflow import Grant, InvalidInput, NotAllowed, Role
from bot.services.people import CODE_PATTERN, hash_code


async def test_an_invite_grants_its_role_once(world):
    people = world.services.people
    invite = await people.create_invite(None, Role.station, "dalad-shulinzhao")
    assert CODE_PATTERN.match(invite.code) and len(invite.code) >= 22  # ≥ 16 random bytes
    redeemed = await people.redeem(501, "阵地小李", invite.code)
    assert (redeemed.role, redeemed.scope) == (Role.station, "dalad-shulinzhao")
    assert Grant(Role.station, "dalad-shulinzhao") in (await people.actor(501)).grants
    with pytest.raises(InvalidInput, match="已被使用"):
        await people.redeem(502, "别人", invite.code)
    assert (await people.actor(502)).grants == frozenset()


async def test_only_the_hash_is_stored(world):
    invite = await world.services.people.create_invite(None, Role.coordinator, "dalad")
    async with world.services.db.read() as tx:
        stored = [r[0] for r in await tx.fetchall("SELECT code_hash FROM invites")]
        dump = "\n".join(str(tuple(r)) for r in await tx.fetchall("SELECT * FROM invites"))
    assert hash_code(invite.code) in stored
    assert invite.code not in dump


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "格式"),
        ("has spaces in it", "格式"),
        ("x" * 65, "格式"),
        ("../../etc/passwd", "格式"),
        ("UnknownButWellFormedCode_123", "无效"),
    ],
)
async def test_bad_codes_get_a_clear_answer(world, code, message):
    with pytest.raises(InvalidInput, match=message):
        await world.services.people.redeem(503, "某人", code)
    assert (await world.services.people.actor(503)).grants == frozenset()


async def test_expired_invites_are_refused(world):
    invite = await world.services.people.create_invite(None, Role.team_member, "dalad-agri")
    world.clock.advance(days=15)
    with pytest.raises(InvalidInput, match="过期"):
        await world.services.people.redeem(504, "某人", invite.code)


async def test_only_a_coordinator_of_the_jurisdiction_issues_invites(world):
    people = world.services.people
    coordinator = await world.person(Role.coordinator, "dalad")
    station = await world.person(Role.station, "dalad-shulinzhao")
    other = await world.person(Role.coordinator, "hanggin")
    assert (await people.create_invite(coordinator, Role.team_leader, "dalad-agri")).code
    for issuer in (station, other):
        with pytest.raises(NotAllowed):
            await people.create_invite(issuer, Role.team_leader, "dalad-agri")


async def test_invites_need_an_existing_scope(world):
    with pytest.raises(InvalidInput, match="找不到"):
        await world.services.people.create_invite(None, Role.station, "no-such-station")
    with pytest.raises(InvalidInput, match="找不到"):
        await world.services.people.create_invite(None, Role.coordinator, "wuhai")  # not enabled
