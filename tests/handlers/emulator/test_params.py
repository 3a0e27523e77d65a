import pytest

from handlers.telegram.emulator.errors import ApiError
from handlers.telegram.emulator.params import decode, integer, object_list, optional_integer


def test_form_strings_become_the_values_a_json_body_would_carry():
    form = {
        "chat_id": "-1001",
        "text": "40",  # text stays text, even when it looks like a number
        "show_alert": "true",
        "reply_markup": '{"inline_keyboard": [[{"text": "a", "callback_data": "b"}]]}',
        "allowed_updates": '["message"]',
        "parse_mode": "HTML",
    }
    assert decode(form) == {
        "chat_id": -1001,
        "text": "40",
        "show_alert": True,
        "reply_markup": {"inline_keyboard": [[{"text": "a", "callback_data": "b"}]]},
        "allowed_updates": ["message"],
        "parse_mode": "HTML",
    }
    assert decode({"chat_id": 5, "reply_markup": {"inline_keyboard": []}}) == {
        "chat_id": 5,
        "reply_markup": {"inline_keyboard": []},
    }


def test_a_chat_name_is_kept_as_text_and_none_is_left_out():
    assert decode({"chat_id": "@channel", "caption": None}) == {"chat_id": "@channel"}


def test_unreadable_json_is_refused_in_telegrams_words():
    with pytest.raises(ApiError) as refused:
        decode({"reply_markup": "{not json"})
    assert refused.value.code == 400
    assert refused.value.description == (
        "Bad Request: can't parse reply keyboard markup JSON object"
    )


def test_required_and_optional_integers():
    assert integer({"message_id": 3}, "message_id") == 3
    with pytest.raises(ApiError, match="message identifier is not specified"):
        integer({}, "message_id", empty="message identifier is not specified")
    with pytest.raises(ApiError, match="invalid offset specified"):
        optional_integer({"offset": "x"}, "offset", 0)
    assert optional_integer({}, "limit", 100) == 100
    with pytest.raises(ApiError):
        object_list({"allowed_updates": "message"}, "allowed_updates")
