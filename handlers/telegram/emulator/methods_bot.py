"""The methods about the bot itself: who it is, how it takes updates, its menus."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from handlers.telegram.emulator import commands as menus
from handlers.telegram.emulator import wire
from handlers.telegram.emulator.access import known_chat
from handlers.telegram.emulator.errors import bad_request
from handlers.telegram.emulator.params import object_list, optional_integer, text_of
from handlers.telegram.emulator.updates import Webhook

if TYPE_CHECKING:
    from handlers.telegram.emulator.emulator import Emulator

Params = dict[str, Any]
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


def get_me(emu: Emulator, _: Params, __: Any) -> dict[str, Any]:
    return wire.bot_user(emu.world.bot)


async def get_updates(emu: Emulator, params: Params, _: Any) -> list[dict[str, Any]]:
    offset = optional_integer(params, "offset", 0)
    limit = optional_integer(params, "limit", 100)
    timeout = optional_integer(params, "timeout", 0)
    allowed = object_list(params, "allowed_updates")
    return await emu.updates.get(offset, limit, timeout, allowed)


def set_webhook(emu: Emulator, params: Params, _: Any) -> bool:
    url = text_of(params, "url")
    drop = bool(params.get("drop_pending_updates"))
    if not url:
        emu.updates.set_webhook(None, drop)
        return True
    # Like a local Bot API server, plain http and any port are accepted.
    if not url.startswith(("http://", "https://")):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    secret = text_of(params, "secret_token")
    if secret and not _SECRET.match(secret):
        raise bad_request("secret token contains unallowed characters")
    connections = max(1, min(100, optional_integer(params, "max_connections", 40)))
    allowed = object_list(params, "allowed_updates") or []
    hook = Webhook(url, secret, connections, allowed_updates=[str(a) for a in allowed])
    emu.updates.set_webhook(hook, drop)
    return True


def delete_webhook(emu: Emulator, params: Params, _: Any) -> bool:
    emu.updates.set_webhook(None, bool(params.get("drop_pending_updates")))
    return True


def get_webhook_info(emu: Emulator, _: Params, __: Any) -> dict[str, Any]:
    hook = emu.updates.webhook
    info: dict[str, Any] = {"url": hook.url if hook else "", "has_custom_certificate": False}
    info["pending_update_count"] = len(emu.updates.pending)
    if hook is None:
        return info
    info["max_connections"] = hook.max_connections
    if hook.allowed_updates:
        info["allowed_updates"] = hook.allowed_updates
    if hook.last_error_date is not None:
        info["last_error_date"] = hook.last_error_date
        info["last_error_message"] = hook.last_error_message
    return info


def _scope(emu: Emulator, params: Params) -> menus.ScopeKey:
    key = menus.scope_key(params.get("scope"))
    if key[1] is not None:
        known_chat(emu, key[1])
    return key


def set_my_commands(emu: Emulator, params: Params, _: Any) -> bool:
    checked = menus.check(params.get("commands"))
    key = _scope(emu, params)
    emu.menus.set(key, text_of(params, "language_code"), checked)
    emu.world.feed.record("menu", key[1])
    return True


def delete_my_commands(emu: Emulator, params: Params, _: Any) -> bool:
    key = _scope(emu, params)
    emu.menus.delete(key, text_of(params, "language_code"))
    emu.world.feed.record("menu", key[1])
    return True


def get_my_commands(emu: Emulator, params: Params, _: Any) -> list[dict[str, str]]:
    return emu.menus.get(_scope(emu, params), text_of(params, "language_code"))
