import pytest

from handlers.telegram.emulator.commands import CommandMenus, check, scope_key
from handlers.telegram.emulator.errors import ApiError


def _menu(*names):
    return [{"command": n, "description": f"{n} 说明"} for n in names]


def test_a_chat_shows_its_own_menu_then_the_broad_one_then_the_default():
    menus = CommandMenus()
    menus.set(scope_key(None), "", _menu("start"))
    menus.set(scope_key({"type": "all_private_chats"}), "", _menu("start", "order"))
    menus.set(scope_key({"type": "chat", "chat_id": 5}), "", _menu("queue"))
    menus.set(scope_key({"type": "chat", "chat_id": 5}), "en", _menu("queue", "lang"))
    assert [c["command"] for c in menus.shown_in(5, True, "zh")] == ["queue"]
    assert [c["command"] for c in menus.shown_in(5, True, "en")] == ["queue", "lang"]
    assert [c["command"] for c in menus.shown_in(6, True)] == ["start", "order"]
    assert [c["command"] for c in menus.shown_in(-7, False)] == ["start"]
    menus.set(scope_key({"type": "chat", "chat_id": 5}), "", [])  # an empty list deletes
    menus.delete(scope_key({"type": "chat", "chat_id": 5}), "en")
    assert [c["command"] for c in menus.shown_in(5, True, "zh")] == ["start", "order"]


def test_commands_and_scopes_are_checked_as_telegram_checks_them():
    assert check(_menu("order", "my_orders")) == _menu("order", "my_orders")
    for bad in (_menu("Order"), _menu("ord er"), _menu("x" * 33)):
        with pytest.raises(ApiError, match="BOT_COMMAND_INVALID"):
            check(bad)
    with pytest.raises(ApiError, match="BOT_COMMAND_DESCRIPTION_INVALID"):
        check([{"command": "order", "description": ""}])
    with pytest.raises(ApiError, match="bot command scope"):
        scope_key({"type": "everyone"})
    with pytest.raises(ApiError, match="chat not found"):
        scope_key({"type": "chat"})
