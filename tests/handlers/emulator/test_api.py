import pytest

from handlers.telegram.emulator.api import METHODS
from handlers.telegram.emulator.errors import ApiError, too_many_requests
from tests.handlers.emulator.conftest import started

# Every Bot API method the bot calls (bot/, handlers/): the emulator must answer each.
USED_BY_THE_BOT = {
    "getMe",
    "deleteWebhook",
    "setWebhook",
    "getWebhookInfo",
    "getUpdates",
    "sendMessage",
    "editMessageText",
    "editMessageReplyMarkup",
    "answerCallbackQuery",
    "sendPhoto",
    "sendDocument",
    "getFile",
    "setMyCommands",
    "deleteMyCommands",
    "sendChatAction",
}


def test_every_method_the_bot_uses_is_there():
    assert set(METHODS) >= USED_BY_THE_BOT


async def test_an_unknown_method_is_404_and_names_are_case_insensitive(emu):
    with pytest.raises(ApiError) as unknown:
        await emu.api.call("sendSticker", {})
    assert (unknown.value.code, unknown.value.description) == (404, "Not Found")
    assert (await emu.api.call("GETME", {}))["is_bot"]


async def test_an_injected_fault_answers_instead_of_the_method(emu):
    started(emu, 5)
    emu.faults.add("sendMessage", too_many_requests(3), chat_id=5)
    with pytest.raises(ApiError) as throttled:
        await emu.api.call("sendMessage", {"chat_id": 5, "text": "a"})
    assert throttled.value.parameters == {"retry_after": 3}
    assert (await emu.api.call("sendMessage", {"chat_id": 5, "text": "a"}))["text"] == "a"
