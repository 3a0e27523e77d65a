import pytest

from handlers.telegram.emulator.records import BotIdentity, Message


def test_the_bot_id_is_the_number_before_the_colon_of_its_token():
    assert BotIdentity.from_token("123456:abc").id == 123456
    assert BotIdentity.from_token("123456:abc", username="x_bot").username == "x_bot"


def test_a_message_reads_its_buttons_as_rows_and_by_data():
    message = Message(
        chat_id=1,
        message_id=2,
        sender_id=9,
        from_bot=True,
        date=0,
        text="卡片",
        inline_keyboard=[
            [{"text": "派单", "callback_data": "o:dispatch:1"}],
            [{"text": "网站", "url": "https://example.org"}],
        ],
    )
    assert message.rows == [[("派单", "o:dispatch:1")], [("网站", "https://example.org")]]
    assert message.buttons == [("派单", "o:dispatch:1"), ("网站", "https://example.org")]
    assert message.data("o:dispatch") == "o:dispatch:1"
    with pytest.raises(LookupError):
        message.data("o:claim")
    assert message.body == "卡片"
    assert Message(1, 3, 9, True, 0, caption="照片").body == "照片"
