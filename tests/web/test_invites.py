"""邀请 in the console: create one (link and QR code, shown once), list, withdraw."""

import re

from bot.domain.workflow import InvalidInput, Role
from tests.web.conftest import csrf_of, forms

LINK = re.compile(r"https://t\.me/kepu_bot\?start=([A-Za-z0-9_-]+)")


async def _invites(site):
    async with site.services.db.read() as tx:
        return await tx.scalar("SELECT COUNT(*) FROM invites")


async def test_a_new_invite_shows_its_link_and_qr_code_and_can_be_used(site):
    browser = await site.signed_in(await site.person(Role.coordinator, "dalad", "科协"))
    made = await browser.post(
        "/console/invites",
        data={"csrf": await csrf_of(browser), "who": "team_leader:dalad-youth"},
        allow_redirects=False,
    )
    assert made.status == 303
    cookie = made.cookies["kepu_invite"]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    assert cookie["path"] == "/console/invites"
    page = await (await browser.get("/console/invites")).text()
    code = LINK.search(page).group(1)
    assert "新邀请：青少年科普志愿服务队（示例） · 服务队队长" in page
    assert '<svg viewBox="0 0' in page and "邀请二维码" in page
    assert f"/start {code}" in page
    again = await (await browser.get("/console/invites")).text()
    assert code in again  # a reload shows it again, and issues nothing more
    redeemed = await site.services.people.redeem(await site.person(), "新队长", code)
    assert (redeemed.role, redeemed.scope) == (Role.team_leader, "dalad-youth")
    listed = await (await browser.get("/console/invites")).text()
    assert "新队长" in listed and "新邀请" not in listed  # used: no longer shown as new


async def test_an_unused_invite_is_withdrawn_and_refused_afterwards(site):
    coordinator = await site.person(Role.coordinator, "dalad")
    issued = await site.services.people.create_invite(coordinator, Role.station, "dalad-wangaizhao")
    browser = await site.signed_in(coordinator)
    page = await (await browser.get("/console/invites")).text()
    action, hidden = next((a, f) for a, f in forms(page) if a.endswith("/withdraw"))
    done = await browser.post(action, data=hidden)
    assert done.status == 200 and "已撤销这个邀请" in await done.text()
    someone = await site.person()
    try:
        await site.services.people.redeem(someone, "某人", issued.code)
    except InvalidInput as exc:
        assert "已被科协撤销" in str(exc)
    else:
        raise AssertionError("a withdrawn invite was accepted")
    again = await browser.post(action, data=hidden)
    assert again.status == 409 and "不能再撤销" in await again.text()


async def test_only_the_coordinator_sees_or_changes_invites(site):
    coordinator = await site.person(Role.coordinator, "dalad")
    issued = await site.services.people.create_invite(coordinator, Role.station, "dalad-wangaizhao")
    invite_id = (await site.services.invites.issued(coordinator, issued.code)).id
    station = await site.signed_in(await site.person(Role.station, "dalad-shulinzhao"))
    other = await site.signed_in(await site.person(Role.coordinator, "hanggin"))
    before = await _invites(site)
    assert (await station.get("/console/invites")).status == 403
    assert "树林召镇" not in await (await other.get("/console/invites")).text()
    for browser in (station, other):
        csrf = await csrf_of(browser)
        made = await browser.post(
            "/console/invites", data={"csrf": csrf, "who": "coordinator:dalad"}
        )
        assert made.status == 403
        gone = await browser.post(f"/console/invites/{invite_id}/withdraw", data={"csrf": csrf})
        assert gone.status == 403
    assert await _invites(site) == before
    assert (await site.services.invites.issued(coordinator, issued.code)).status == "open"


async def test_an_invite_form_without_the_token_or_with_a_bad_choice_issues_nothing(site):
    browser = await site.signed_in(await site.person(Role.coordinator, "dalad"))
    before = await _invites(site)
    forged = await browser.post("/console/invites", data={"who": "coordinator:dalad"})
    assert forged.status == 403
    csrf = await csrf_of(browser)
    for who in ("", "station", "station:dalad-nowhere", "resident:dalad", "system:*"):
        tried = await browser.post("/console/invites", data={"csrf": csrf, "who": who})
        assert tried.status == 400 and "找不到" in await tried.text(), who
    assert await _invites(site) == before
