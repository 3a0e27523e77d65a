"""The bot's command menus, by scope and language, and the menu a chat shows.

A chat shows the most specific list set for it: its own (scope "chat"), then the one
for all private chats or all groups, then the default; in each, the list for the
user's language before the one for every language.
"""

from __future__ import annotations

import re
from typing import Any

from handlers.telegram.emulator.errors import bad_request

_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
MAX_COMMANDS = 100
_SCOPES = {
    "default",
    "all_private_chats",
    "all_group_chats",
    "all_chat_administrators",
    "chat",
    "chat_administrators",
    "chat_member",
}

ScopeKey = tuple[str, int | None, int | None]


def scope_key(scope: Any) -> ScopeKey:
    if scope is None:
        return ("default", None, None)
    if not isinstance(scope, dict) or scope.get("type") not in _SCOPES:
        raise bad_request("can't parse bot command scope JSON object")
    chat_id = scope.get("chat_id")
    per_chat = scope["type"] in ("chat", "chat_administrators", "chat_member")
    if per_chat and not isinstance(chat_id, int):
        raise bad_request("chat not found")
    return (scope["type"], chat_id, scope.get("user_id"))


def check(commands: Any) -> list[dict[str, str]]:
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > MAX_COMMANDS:
        raise bad_request("too many commands")
    checked = []
    for command in commands:
        name = command.get("command", "") if isinstance(command, dict) else ""
        words = command.get("description", "") if isinstance(command, dict) else ""
        if not isinstance(name, str) or not _COMMAND.match(name):
            raise bad_request("BOT_COMMAND_INVALID")
        if not isinstance(words, str) or not 1 <= len(words) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        checked.append({"command": name, "description": words})
    return checked


class CommandMenus:
    def __init__(self) -> None:
        self._lists: dict[tuple[ScopeKey, str], list[dict[str, str]]] = {}

    def set(self, key: ScopeKey, language: str, commands: list[dict[str, str]]) -> None:
        if commands:
            self._lists[(key, language)] = commands
        else:  # an empty list is the same as deleting it
            self._lists.pop((key, language), None)

    def delete(self, key: ScopeKey, language: str) -> None:
        self._lists.pop((key, language), None)

    def get(self, key: ScopeKey, language: str) -> list[dict[str, str]]:
        return list(self._lists.get((key, language), []))

    def shown_in(self, chat_id: int, private: bool, language: str = "") -> list[dict[str, str]]:
        """The menu the chat shows to a user with this language."""
        broad = "all_private_chats" if private else "all_group_chats"
        keys: list[ScopeKey] = [("chat", chat_id, None), (broad, None, None)]
        keys.append(("default", None, None))
        for key in keys:
            for lang in dict.fromkeys((language, "")):
                found = self._lists.get((key, lang))
                if found:
                    return list(found)
        return []
