"""The sandbox: without a Telegram token, the whole bot in a browser, on demo data.

launch   a fresh demo database, the emulator, the real bot, the page (python -m bot)
cast     the demo people and their chats; they join by redeeming real invites
routes   the page and what its script calls: say, press, tap, photo, time travel, changes
views    each chat and the bot's clock, as the page draws them
"""
