import pytest

from handlers.telegram.emulator.errors import ApiError
from handlers.telegram.emulator.markup import Markup, read


def _inline(*buttons):
    return {"inline_keyboard": [list(buttons)]}


def _refusal(markup, **kwargs):
    with pytest.raises(ApiError) as refused:
        read(markup, **kwargs)
    return refused.value.description


def test_callback_data_is_1_to_64_bytes():
    assert read(_inline({"text": "a", "callback_data": "x" * 64})).inline
    too_long = _inline({"text": "a", "callback_data": "羊" * 22})  # 66 bytes in UTF-8
    assert _refusal(too_long) == "Bad Request: BUTTON_DATA_INVALID"
    assert _refusal(_inline({"text": "a", "callback_data": ""})) == (
        "Bad Request: BUTTON_DATA_INVALID"
    )


def test_at_most_100_inline_buttons():
    rows = [[{"text": str(i), "callback_data": str(i)}] for i in range(100)]
    assert len(read({"inline_keyboard": rows}).inline) == 100
    rows.append([{"text": "x", "callback_data": "x"}])
    assert _refusal({"inline_keyboard": rows}) == "Bad Request: reply markup is too long"


def test_an_inline_button_must_do_something():
    assert "Text buttons are unallowed" in _refusal(_inline({"text": "a"}))


def test_reply_keyboards_belong_to_the_chat_and_edits_take_only_inline_ones():
    shown = read({"keyboard": [[{"text": "分享", "request_contact": True}, "跳过"]]})
    assert shown.inline is None
    assert shown.keyboard["keyboard"] == [
        [{"text": "分享", "request_contact": True}, {"text": "跳过"}]
    ]
    assert read({"remove_keyboard": True}) == Markup(keyboard={})
    assert _refusal({"remove_keyboard": True}, inline_only=True) == (
        "Bad Request: inline keyboard expected"
    )


def test_an_empty_object_is_no_markup():
    # python-telegram-bot serialises InlineKeyboardMarkup([]) as {}; Telegram takes it as none.
    assert read({}) == Markup()
    assert read({}, inline_only=True) == Markup()
    assert read(None) == Markup()
