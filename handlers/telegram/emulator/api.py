"""The Bot API the bot calls: each method takes its decoded parameters and returns the
result or raises ApiError. Method names are case-insensitive, as Telegram's are."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from handlers.telegram.emulator import methods_bot, methods_chat, methods_files
from handlers.telegram.emulator.errors import method_not_found
from handlers.telegram.emulator.params import Upload

if TYPE_CHECKING:
    from handlers.telegram.emulator.emulator import Emulator

METHODS: dict[str, Callable[..., Any]] = {
    "getMe": methods_bot.get_me,
    "getUpdates": methods_bot.get_updates,
    "setWebhook": methods_bot.set_webhook,
    "deleteWebhook": methods_bot.delete_webhook,
    "getWebhookInfo": methods_bot.get_webhook_info,
    "setMyCommands": methods_bot.set_my_commands,
    "deleteMyCommands": methods_bot.delete_my_commands,
    "getMyCommands": methods_bot.get_my_commands,
    "sendMessage": methods_chat.send_message,
    "editMessageText": methods_chat.edit_message_text,
    "editMessageReplyMarkup": methods_chat.edit_message_reply_markup,
    "answerCallbackQuery": methods_chat.answer_callback_query,
    "sendChatAction": methods_chat.send_chat_action,
    "sendPhoto": methods_files.send_photo,
    "sendDocument": methods_files.send_document,
    "getFile": methods_files.get_file,
}
_BY_LOWER = {name.lower(): method for name, method in METHODS.items()}


class BotApi:
    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator

    async def call(
        self, method: str, params: dict[str, Any], files: dict[str, Upload] | None = None
    ) -> Any:
        implementation = _BY_LOWER.get(method.lower())
        if implementation is None:
            raise method_not_found()
        fault = self.emulator.faults.take(method, params)
        if fault is not None:
            raise fault
        result = implementation(self.emulator, params, files or {})
        if inspect.isawaitable(result):
            result = await result
        return result
