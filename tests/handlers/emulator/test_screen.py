"""What a page reads: each chat as plain data."""

import json

from tests.handlers.emulator.conftest import png, started

CARD = {"inline_keyboard": [[{"text": "派单", "callback_data": "o:dispatch:1"}]]}


async def test_a_chat_view_has_both_sides_buttons_files_menu_and_edits(emu, clock):
    started(emu, 5, "王大姐")
    emu.people.send_photo(5, png(2, 2))
    await emu.api.call("sendMessage", {"chat_id": 5, "text": "卡片", "reply_markup": CARD})
    await emu.api.call("setMyCommands", {"commands": [{"command": "order", "description": "点单"}]})
    edit = {"chat_id": 5, "message_id": 3, "text": "已派单"}
    await emu.api.call("editMessageText", edit)
    await emu.api.call("sendChatAction", {"chat_id": 5, "action": "typing"})
    view = emu.view(5)
    json.dumps(view)  # a page can send it as it is
    assert (view["title"], view["type"], view["count"]) == ("王大姐", "private", 3)
    start, photo, card = view["messages"]
    assert (start["text"], start["from_bot"], start["sender"]) == ("/start", False, "王大姐")
    assert photo["photo"]["width"] == 2 and photo["photo"]["path"].startswith("photos/")
    assert (card["text"], card["edited"], card["buttons"]) == ("已派单", True, [])
    assert view["menu"] == [{"command": "order", "description": "点单"}]
    assert view["action"] == "typing"
    clock.advance(6)
    assert emu.view(5)["action"] is None  # "typing…" shows for five seconds


def test_the_overview_lists_every_chat(emu):
    started(emu, 5, "王大姐")
    group = emu.groups.create("服务队群", [5])
    heads = {c["id"]: c for c in emu.overview()}
    assert heads[5]["title"] == "王大姐" and heads[group.id]["members"] == [5]
