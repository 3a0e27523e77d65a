"""A Bot API emulator: Telegram's side of the bot, for tests and the sandbox.

    emulator = Emulator(token)                       # the state and the Bot API
    server = EmulatorServer(emulator)                # over HTTP on 127.0.0.1
    base_url = await server.start()                  # TELEGRAM_BASE_URL for the bot
    request = InProcessRequest(emulator)             # or in process, for a Bot/Application

    emulator.people.start(5001, "INVITE")            # what users do
    query_id = emulator.people.press(5001, emulator.last(5001), "ok")
    emulator.answer(query_id), emulator.view(5001)   # what they see
    emulator.changes_since(version)                  # what changed

It imports nothing of the bot: it is Telegram, not us.
"""

from handlers.telegram.emulator.changes import Change
from handlers.telegram.emulator.emulator import Emulator
from handlers.telegram.emulator.errors import ApiError
from handlers.telegram.emulator.inprocess import InProcessRequest
from handlers.telegram.emulator.limits import RateLimits
from handlers.telegram.emulator.records import Answer, BotIdentity, Chat, Message, User
from handlers.telegram.emulator.server import EmulatorServer

__all__ = [
    "Answer",
    "ApiError",
    "BotIdentity",
    "Change",
    "Chat",
    "Emulator",
    "EmulatorServer",
    "InProcessRequest",
    "Message",
    "RateLimits",
    "User",
]
