"""The use cases: what a channel (chat, web page, command line) may ask of the bot."""

from bot.services.container import Services

__all__ = ["Services"]
