"""Signing in to the web console: one-time links, sessions, CSRF tokens."""

import pytest

from bot.domain.workflow import InvalidInput, NotAllowed, Role
from bot.services.web_access import csrf_for


async def _rows(world, table):
    async with world.services.db.read() as tx:
        return [tuple(r) for r in await tx.fetchall(f"SELECT * FROM {table}")]


async def test_a_staff_member_signs_in_once_with_a_link(world):
    web = world.services.web
    station = await world.person(Role.station, "dalad-shulinzhao", "阵地小李")
    link = await web.issue_link(station)
    assert (link.expires_at - world.clock.now()).total_seconds() == 600
    assert (await web.invitation(link.token)).name == "阵地小李"  # looking does not use it
    session = await web.sign_in(link.token)
    assert session.person_id == station
    assert (await web.session(session.id)).person_id == station
    with pytest.raises(InvalidInput, match="已经用过"):
        await web.sign_in(link.token)
    with pytest.raises(InvalidInput, match="已经用过"):
        await web.invitation(link.token)
    assert len(await _rows(world, "web_sessions")) == 1


async def test_a_resident_gets_no_link(world):
    resident = await world.person()
    assert not await world.services.web.may_sign_in(resident)
    with pytest.raises(NotAllowed):
        await world.services.web.issue_link(resident)
    assert await _rows(world, "web_logins") == []


async def test_only_hashes_are_stored(world):
    web = world.services.web
    link = await web.issue_link(await world.person(Role.coordinator, "dalad"))
    session = await web.sign_in(link.token)
    stored = str(await _rows(world, "web_logins")) + str(await _rows(world, "web_sessions"))
    for secret in (link.token, session.id, session.csrf):
        assert secret not in stored


async def test_a_link_expires_after_ten_minutes(world):
    web = world.services.web
    agency = await world.person(Role.agency, world.agency("旗农牧局"))
    early, late = await web.issue_link(agency), await web.issue_link(agency)
    world.clock.advance(minutes=9, seconds=59)
    assert (await web.sign_in(early.token)).person_id == agency
    world.clock.advance(seconds=1)
    with pytest.raises(InvalidInput, match="已过期"):
        await web.sign_in(late.token)
    assert len(await _rows(world, "web_sessions")) == 1


@pytest.mark.parametrize("token", ["", "short", "has spaces in it ok ok", "x" * 65, "../../etc"])
async def test_malformed_or_unknown_links_are_refused(world, token):
    with pytest.raises(InvalidInput, match="无效"):
        await world.services.web.sign_in(token)
    with pytest.raises(InvalidInput, match="无效"):
        await world.services.web.sign_in("WellFormedButNeverIssued_12345")


async def test_a_session_ends_after_twelve_hours_or_when_signed_out(world):
    web = world.services.web
    team = await world.person(Role.team_leader, "dalad-agri")
    first = await web.sign_in((await web.issue_link(team)).token)
    second = await web.sign_in((await web.issue_link(team)).token)
    await web.sign_out(first.id)
    assert await web.session(first.id) is None
    world.clock.advance(hours=11, minutes=59)
    assert await web.session(second.id) is not None
    world.clock.advance(minutes=1)
    assert await web.session(second.id) is None
    assert await _rows(world, "web_sessions") == []  # the expired one is gone too


async def test_a_revoked_staff_member_is_signed_out(world):
    web, people = world.services.web, world.services.people
    station = await world.person(Role.station, "dalad-shulinzhao")
    session = await web.sign_in((await web.issue_link(station)).token)
    unused = await web.issue_link(station)
    await people.revoke(None, station, Role.station, "dalad-shulinzhao")
    assert await web.session(session.id) is None
    with pytest.raises(NotAllowed):
        await web.sign_in(unused.token)


async def test_each_session_has_its_own_csrf_token(world):
    web = world.services.web
    coordinator = await world.person(Role.coordinator, "dalad")
    one = await web.sign_in((await web.issue_link(coordinator)).token)
    two = await web.sign_in((await web.issue_link(coordinator)).token)
    assert one.csrf == csrf_for(one.id) != two.csrf
    assert one.csrf_ok(one.csrf)
    one_off = one.csrf[:-1] + ("1" if one.csrf[-1] == "0" else "0")
    for forged in (two.csrf, "", None, one_off, one.id):
        assert not one.csrf_ok(forged)


async def test_a_cookie_that_names_no_session_is_nobody(world):
    for cookie in (None, "", "not a token at all", "WellFormedButNeverIssued_12345"):
        assert await world.services.web.session(cookie) is None
