"""getMe, the webhook methods and the command menus, called on the core directly."""

import pytest

from handlers.telegram.emulator.errors import ApiError
from tests.handlers.emulator.conftest import BOT, started


async def test_get_me_names_the_bot(emu):
    me = await emu.api.call("getMe", {})
    assert (me["id"], me["username"], me["is_bot"]) == (BOT.id, BOT.username, True)


async def test_a_webhook_is_set_shown_and_deleted(emu):
    emu.people.start(5)
    params = {"url": "http://127.0.0.1:9/hook", "secret_token": "abc_DEF-1", "max_connections": 5}
    assert await emu.api.call("setWebhook", params)
    info = await emu.api.call("getWebhookInfo", {})
    assert info["url"] == params["url"] and info["pending_update_count"] == 1
    assert info["max_connections"] == 5 and info["has_custom_certificate"] is False
    assert emu.updates.webhook.secret_token == "abc_DEF-1"
    assert await emu.api.call("deleteWebhook", {"drop_pending_updates": True})
    info = await emu.api.call("getWebhookInfo", {})
    assert info == {"url": "", "has_custom_certificate": False, "pending_update_count": 0}


async def test_a_bad_webhook_is_refused(emu):
    with pytest.raises(ApiError, match="HTTPS URL must be provided"):
        await emu.api.call("setWebhook", {"url": "ftp://example.org"})
    with pytest.raises(ApiError, match="secret token contains unallowed characters"):
        await emu.api.call("setWebhook", {"url": "http://127.0.0.1:9/", "secret_token": "a b"})
    assert emu.updates.webhook is None


async def test_get_updates_passes_its_parameters_on(emu):
    for user in (5, 6, 7):
        emu.people.start(user)
    batch = await emu.api.call("getUpdates", {"offset": 2, "limit": 1, "timeout": 0})
    assert [u["update_id"] for u in batch] == [2]


async def test_menus_by_scope_and_what_a_chat_shows(emu):
    started(emu, 5)
    general = [{"command": "order", "description": "点单"}]
    own = [{"command": "queue", "description": "待办"}]
    await emu.api.call("setMyCommands", {"commands": general})
    await emu.api.call("setMyCommands", {"commands": own, "scope": {"type": "chat", "chat_id": 5}})
    assert emu.menu(5) == own and emu.menu(6) == general
    assert await emu.api.call("getMyCommands", {"scope": {"type": "chat", "chat_id": 5}}) == own
    with pytest.raises(ApiError, match="chat not found"):
        await emu.api.call(
            "setMyCommands", {"commands": own, "scope": {"type": "chat", "chat_id": 9}}
        )
    await emu.api.call("deleteMyCommands", {"scope": {"type": "chat", "chat_id": 5}})
    assert emu.menu(5) == general
