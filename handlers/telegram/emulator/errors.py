"""The Bot API's refusals, worded exactly as Telegram words them.

python-telegram-bot (and the bot) tell errors apart by their HTTP code and by words
in the description ("message is not modified", "chat not found"), so the words matter.
"""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """A refused Bot API call: `{"ok": false, "error_code": …, "description": …}`."""

    def __init__(self, code: int, description: str, **parameters: Any) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": self.code}
        body["description"] = self.description
        if self.parameters:
            body["parameters"] = dict(self.parameters)
        return body


NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"
TERMINATED = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
WEBHOOK_ACTIVE = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)


def bad_request(words: str) -> ApiError:
    return ApiError(400, f"Bad Request: {words}")


def not_modified() -> ApiError:
    return ApiError(400, NOT_MODIFIED)


def query_invalid() -> ApiError:
    return ApiError(400, QUERY_INVALID)


def terminated_by_other_poll() -> ApiError:
    return ApiError(409, TERMINATED)


def webhook_active() -> ApiError:
    return ApiError(409, WEBHOOK_ACTIVE)


def chat_not_found() -> ApiError:
    return bad_request("chat not found")


def blocked_by_user() -> ApiError:
    return ApiError(403, "Forbidden: bot was blocked by the user")


def cannot_initiate() -> ApiError:
    return ApiError(403, "Forbidden: bot can't initiate conversation with a user")


def kicked_from_group() -> ApiError:
    return ApiError(403, "Forbidden: bot was kicked from the group chat")


def upgraded_to_supergroup(new_chat_id: int) -> ApiError:
    return ApiError(
        400,
        "Bad Request: group chat was upgraded to a supergroup chat",
        migrate_to_chat_id=new_chat_id,
    )


def too_many_requests(retry_after: int) -> ApiError:
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after)


def unauthorized() -> ApiError:
    return ApiError(401, "Unauthorized")


def method_not_found() -> ApiError:
    return ApiError(404, "Not Found")


def too_large() -> ApiError:
    return ApiError(413, "Request Entity Too Large")
