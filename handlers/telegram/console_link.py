"""/web: a staff member's one-time link to the web console (residents have no console)."""

from __future__ import annotations

from telegram import LinkPreviewOptions, Update

from handlers.telegram.context import BotContext
from handlers.telegram.hints import forbidden

LOGIN_PATH = "/console/login/"


async def web(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None or update.effective_user is None:
        return
    services = context.services
    if not await services.web.may_sign_in(context.person_id):
        await forbidden(update, context)
        return
    settings = services.settings
    if not settings.web_port and not settings.webhook_url:  # nothing serves the console
        await message.reply_text(context.t(update, "web.off"))
        return
    link = await services.web.issue_link(context.person_id)
    # No preview: a preview is fetched by Telegram's servers, which need not see the link.
    await message.reply_text(
        context.t(update, "web.link", url=f"{settings.web_url}{LOGIN_PATH}{link.token}"),
        link_preview_options=LinkPreviewOptions(is_disabled=True),
    )
