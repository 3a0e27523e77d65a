"""/web in chat: a staff member's one-time link to the web console; residents have none."""

import re

from bot.domain.workflow import Role
from tests.handlers.harness import member

LINK = re.compile(r"(http://\S+/console/login/([A-Za-z0-9_-]+))")


async def test_a_station_officer_gets_a_one_time_link(session, services):
    station = await member(session, services, 7101, Role.station, "dalad-shulinzhao", "阵地")
    sent = await station.send("/web")
    reply = next(s for s in sent if s.method == "sendMessage")
    assert "10 分钟内有效" in reply.text and "只能使用一次" in reply.text
    url, token = LINK.search(reply.text).groups()
    assert url.startswith(services.settings.web_url)  # http://127.0.0.1:8080 by default
    assert reply.params["link_preview_options"]["is_disabled"] is True
    signed_in = await services.web.sign_in(token)
    assert signed_in.person_id == station.user_id


async def test_a_resident_is_told_what_they_can_use_instead(session, services):
    resident = session.chat(6001, "王大姐")
    await resident.send("/web")
    text = resident.last_text()
    assert text.startswith("无权限：/web 不在您的权限内")
    assert "/order" in text and "/my" in text and "/web" not in text.split("\n", 1)[1]
    async with services.db.read() as tx:
        assert await tx.scalar("SELECT COUNT(*) FROM web_logins") == 0


async def test_web_is_in_the_staff_help_and_menu_only(session, services):
    coordinator = await member(session, services, 7105, Role.coordinator, "dalad", "科协")
    await coordinator.send("/help")
    assert "/web 网页控制台" in coordinator.last_text()
    resident = session.chat(6002, "居民")
    await resident.send("/help")
    assert "/web" not in resident.last_text()


async def test_without_a_web_listener_staff_are_told_the_console_is_off(session, services):
    services.settings.web_port = 0
    team = await member(session, services, 7103, Role.team_leader, "dalad-agri", "一队")
    await team.send("/web")
    assert "网页控制台没有开启" in team.last_text()
    async with services.db.read() as tx:
        assert await tx.scalar("SELECT COUNT(*) FROM web_logins") == 0
