"""The callback context the handlers receive: services reached through a typed property."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot

from texts import locale_for
from texts import t as text_for

if TYPE_CHECKING:
    from bot.services import Services

SERVICES_KEY = "services"


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    @property
    def services(self) -> Services:
        return self.application.bot_data[SERVICES_KEY]  # type: ignore[no-any-return]

    @property
    def person_id(self) -> int:
        """Our id of the person who sent the update (resolved first thing, see drafts.touch)."""
        assert self.user_data is not None
        return int(self.user_data["person"])

    def locale(self, update: Update) -> str:
        user = update.effective_user
        stored = self.user_data.get("lang") if self.user_data is not None else None
        return locale_for(user.language_code if user else None, stored)

    def t(self, update: Update, key: str, **params: Any) -> str:
        return text_for(self.locale(update), key, **params)


def attach_services(
    application: Application[Any, Any, Any, Any, Any, Any], services: Services
) -> None:
    application.bot_data[SERVICES_KEY] = services
