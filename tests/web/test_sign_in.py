"""Signing in to the console: a one-time link, a session cookie, signing out."""

import pytest

from bot.domain.workflow import Role
from tests.web.conftest import NONCE, csrf_of


async def _sessions(site):
    async with site.services.db.read() as tx:
        return await tx.scalar("SELECT COUNT(*) FROM web_sessions")


async def test_a_link_opens_a_session_in_a_strict_http_only_cookie(site):
    station = await site.person(Role.station, "dalad-shulinzhao", "阵地小李")
    browser = await site.browser()
    link = await site.services.web.issue_link(station)
    page = await browser.get(f"/console/login/{link.token}")
    assert "阵地小李，您好" in await page.text()
    assert await _sessions(site) == 0  # opening the link uses nothing
    nonce = NONCE.search(await page.text()).group(1)
    done = await browser.post(
        f"/console/login/{link.token}", data={"nonce": nonce}, allow_redirects=False
    )
    assert done.status == 303 and done.headers["Location"] == "/console/"
    cookie = done.cookies["kepu_console"]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/console"
    assert not cookie["secure"] and int(cookie["max-age"]) == 12 * 3600  # plain http here
    home = await browser.get("/console/")
    assert home.status == 200 and "阵地小李" in await home.text()
    assert "树林召镇新时代文明实践所 · 阵地工作人员" in await home.text()


async def test_the_cookie_is_secure_when_the_console_is_reached_over_https(site):
    site.services.settings.web_base_url = "https://kepu.example.org"
    browser = await site.browser()
    station = await site.person(Role.station, "dalad-shulinzhao")
    link = await site.services.web.issue_link(station)
    page = await browser.get(f"/console/login/{link.token}")
    assert page.cookies["kepu_login"]["secure"]
    nonce = NONCE.search(await page.text()).group(1)
    browser.session.cookie_jar.update_cookies({"kepu_login": nonce})  # http here, so by hand
    done = await browser.post(
        f"/console/login/{link.token}", data={"nonce": nonce}, allow_redirects=False
    )
    assert done.cookies["kepu_console"]["secure"]


async def test_a_replayed_link_is_refused_and_opens_nothing(site):
    coordinator = await site.person(Role.coordinator, "dalad")
    link = await site.services.web.issue_link(coordinator)
    first, second = await site.browser(), await site.browser()
    pages = [await b.get(f"/console/login/{link.token}") for b in (first, second)]
    nonces = [NONCE.search(await p.text()).group(1) for p in pages]
    ok = await first.post(f"/console/login/{link.token}", data={"nonce": nonces[0]})
    assert ok.url.path == "/console/"
    again = await second.post(f"/console/login/{link.token}", data={"nonce": nonces[1]})
    assert again.status == 410 and "已经用过" in await again.text()
    assert "kepu_console" not in again.cookies
    assert (await second.get("/console/")).status == 401
    assert await _sessions(site) == 1


async def test_an_expired_link_is_refused_and_opens_nothing(site):
    agency = await site.person(Role.agency, site.agency("旗农牧局"))
    link = await site.services.web.issue_link(agency)
    browser = await site.browser()
    page = await browser.get(f"/console/login/{link.token}")
    nonce = NONCE.search(await page.text()).group(1)
    site.services.clock.advance(minutes=10)
    late = await browser.post(f"/console/login/{link.token}", data={"nonce": nonce})
    assert late.status == 410 and "已过期" in await late.text()
    assert (await browser.get(f"/console/login/{link.token}")).status == 410
    assert await _sessions(site) == 0


@pytest.mark.parametrize("token", ["nonsense", "WellFormedButNeverIssued_12345"])
async def test_an_unknown_link_is_refused(site, token):
    browser = await site.browser()
    page = await browser.get(f"/console/login/{token}")
    assert page.status == 404 and "登录链接无效" in await page.text()


async def test_a_link_posted_from_elsewhere_is_refused_and_stays_unused(site):
    """Another site's form cannot sign a browser in: it lacks the page's nonce cookie."""
    station = await site.person(Role.station, "dalad-shulinzhao")
    link = await site.services.web.issue_link(station)
    browser = await site.browser()
    for nonce in ("", "guessed"):
        forged = await browser.post(f"/console/login/{link.token}", data={"nonce": nonce})
        assert forged.status == 403 and "登录表单已失效" in await forged.text()
    assert await _sessions(site) == 0
    assert (await site.services.web.invitation(link.token)).name  # still unused


async def test_signing_out_ends_the_session(site):
    team = await site.person(Role.team_leader, "dalad-agri")
    browser = await site.signed_in(team)
    forged = await browser.post("/console/logout", data={"csrf": "forged"})
    assert forged.status == 403 and await _sessions(site) == 1
    out = await browser.post("/console/logout", data={"csrf": await csrf_of(browser)})
    assert out.status == 200 and "已退出" in await out.text()
    assert await _sessions(site) == 0
    assert (await browser.get("/console/")).status == 401


async def test_a_resident_has_no_console(site):
    resident = await site.person()
    browser = await site.browser()
    page = await browser.get("/console/")
    assert page.status == 401 and "/web" in await page.text()
    assert not await site.services.web.may_sign_in(resident)


async def test_revoking_the_role_in_chat_signs_the_person_out(site):
    station = await site.person(Role.station, "dalad-shulinzhao")
    browser = await site.signed_in(station)
    await site.services.people.revoke(None, station, Role.station, "dalad-shulinzhao")
    assert (await browser.get("/console/")).status == 401


async def test_pages_are_not_cached_framed_or_referred(site):
    browser = await site.signed_in(await site.person(Role.coordinator, "dalad"))
    page = await browser.get("/console/")
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    root = await browser.get("/", allow_redirects=False)
    assert root.status == 303 and root.headers["Location"] == "/console/"
