"""The key that makes a redelivered update a no-op (stored on the order event it caused).

Not the update id: Telegram may restart that sequence lower, and a new update
would then find an old key and be dropped as a repeat. A button press has its
own callback query id, unique for good; a message is one message of one chat,
whose ids never go back.
"""

from __future__ import annotations

from telegram import Update


def command_key(update: Update) -> str:
    if update.callback_query is not None:
        return f"cb:{update.callback_query.id}"
    message, chat = update.effective_message, update.effective_chat
    if message is not None and chat is not None:
        return f"msg:{chat.id}:{message.message_id}"
    return f"update:{update.update_id}"
