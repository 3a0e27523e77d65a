from telegram import Message

from handlers.telegram.emulator import wire
from handlers.telegram.emulator.files import FileStore
from handlers.telegram.emulator.records import BotIdentity
from handlers.telegram.emulator.world import World
from tests.handlers.emulator.conftest import png


def test_a_bot_message_with_buttons_and_a_reply_reads_as_python_telegram_bot_reads_it():
    world = World(BotIdentity(10, "科普", "kepu_bot"), clock=lambda: 100.0)
    world.user(5, first_name="王大姐")
    chat = world.private_chat(5)
    asked = world.add_message(chat, 5, text="/order")
    keyboard = [[{"text": "确认", "callback_data": "ok"}]]
    answer = world.add_message(chat, 10, text="请确认", inline_keyboard=keyboard, reply_to=1)
    answer.edit_date = 101
    data = wire.message(world, answer)
    read = Message.de_json(data, None)
    assert read.from_user.is_bot and read.from_user.username == "kepu_bot"
    assert read.chat.type == "private" and read.chat.first_name == "王大姐"
    assert read.reply_markup.inline_keyboard[0][0].callback_data == "ok"
    assert read.reply_to_message.text == asked.text
    assert read.edit_date is not None


def test_files_and_the_inaccessible_message_of_a_press():
    world = World(BotIdentity(10))
    files = FileStore()
    photo = files.add_photo(png(3, 2))
    chat = world.private_chat(5)
    sent = world.add_message(chat, 10, photo=photo, caption="现场")
    read = Message.de_json(wire.message(world, sent), None)
    assert read.photo[-1].file_id == photo.file_id and read.photo[-1].width == 3
    assert read.caption == "现场"
    assert wire.file(photo)["file_path"] == photo.path
    assert wire.inaccessible(world, 5, 0) == {
        "chat": {"id": 5, "type": "private", "first_name": "用户"},
        "message_id": 0,
        "date": 0,
    }
