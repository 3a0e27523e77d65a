"""Who the bot may write to, and Telegram's words when it may not."""

import pytest

from handlers.telegram.emulator import Emulator
from handlers.telegram.emulator.access import known_chat, writable
from handlers.telegram.emulator.errors import ApiError
from tests.handlers.emulator.conftest import TOKEN


def _refusal(emu, chat_id):
    with pytest.raises(ApiError) as refused:
        writable(emu, chat_id)
    return refused.value


def test_an_unknown_chat_is_not_found_and_a_user_who_never_started_is_403(emu):
    assert _refusal(emu, 5).description == "Bad Request: chat not found"
    emu.people.user(5, "从未打开")
    refused = _refusal(emu, 5)
    assert (refused.code, refused.description) == (
        403,
        "Forbidden: bot can't initiate conversation with a user",
    )
    emu.people.start(5)
    assert writable(emu, 5).id == 5


def test_a_user_who_blocked_the_bot_answers_403_until_unblocking(emu):
    emu.people.start(5)
    emu.people.block(5)
    assert _refusal(emu, 5).description == "Forbidden: bot was blocked by the user"
    emu.people.unblock(5)
    assert writable(emu, 5).id == 5


def test_an_upgraded_group_names_its_supergroup_and_a_kicked_bot_is_refused(emu):
    group = emu.groups.create("服务队群", [5])
    new_id = emu.groups.migrate(group.id)
    refused = _refusal(emu, group.id)
    assert refused.parameters == {"migrate_to_chat_id": new_id}
    assert writable(emu, new_id).type == "supergroup"
    emu.groups.remove_bot(new_id, by=5)
    assert _refusal(emu, new_id).description == "Forbidden: bot was kicked from the group chat"


def test_names_and_missing_ids(emu):
    with pytest.raises(ApiError, match="chat_id is empty"):
        known_chat(emu, None)
    assert _refusal(emu, "@channel").description == "Bad Request: chat not found"


def test_with_open_chats_any_chat_the_bot_names_exists():
    emu = Emulator(TOKEN, open_chats=True)
    assert writable(emu, 77).type == "private"
    assert writable(emu, -77).type == "group"
    assert writable(emu, -1001234).type == "supergroup"
