from handlers.telegram.emulator import errors


def test_an_error_body_is_telegrams_with_parameters_only_when_there_are_some():
    assert errors.chat_not_found().body() == {
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: chat not found",
    }
    assert errors.too_many_requests(7).body() == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 7",
        "parameters": {"retry_after": 7},
    }
    moved = errors.upgraded_to_supergroup(-1001).body()
    assert moved["parameters"] == {"migrate_to_chat_id": -1001}
    assert moved["description"] == "Bad Request: group chat was upgraded to a supergroup chat"


def test_the_words_the_bot_and_python_telegram_bot_match_on():
    assert "message is not modified" in errors.not_modified().description
    assert errors.query_invalid().description.startswith("Bad Request: query is too old")
    assert errors.terminated_by_other_poll().code == 409
    assert "terminated by other getUpdates request" in errors.TERMINATED
    assert errors.webhook_active().description.startswith("Conflict: can't use getUpdates")
    assert errors.blocked_by_user().code == 403
    assert errors.blocked_by_user().description == "Forbidden: bot was blocked by the user"
