"""All wiring in one place: the Application, its handlers in order, resources, errors."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest, HTTPXRequest

from bot.outbox.pacing import Pacer
from bot.outbox.sender import OutboxSender
from bot.resilience import describe, is_storage_fault
from bot.services import Services
from bot.services.orders import Outcome
from handlers.telegram import (
    actions,
    common,
    console_link,
    coordinator,
    dialogues,
    drafts,
    hints,
    lists,
    progress,
    records,
    report_files,
    report_members,
    resident,
    revoke,
)
from handlers.telegram import groups as group_chats
from handlers.telegram.context import BotContext, attach_services
from handlers.telegram.delivery import telegram_deliver
from handlers.telegram.inbox import HandlerFaults
from handlers.telegram.persistence import SqlitePersistence
from handlers.telegram.presses import PressApplication

log = logging.getLogger(__name__)


def handlers() -> list[Any]:
    """Every handler, in the order the Application tries them."""
    private, groups = filters.ChatType.PRIVATE, filters.ChatType.GROUPS
    staff = {
        "queue": lists.queue,
        "invite": coordinator.invite,
        "stations": coordinator.stations,
        "agencies": coordinator.agencies,
        "teams": coordinator.teams,
        "stats": coordinator.stats,
        "revoke": revoke.revoke,
        "progress": progress.progress,
        "report": report_files.report,
        "me": records.me,
        "certificate": records.certificate,
        "web": console_link.web,
    }
    return [
        resident.order_conversation(),  # first: it also answers theme-day /start links
        CommandHandler("start", common.start, private),
        CommandHandler("help", common.help_command, private),
        CommandHandler("lang", common.lang, private),
        CommandHandler("my", lists.my_orders, private),
        *(CommandHandler(name, callback, private) for name, callback in staff.items()),
        CommandHandler("cancel", resident.cancel, private),
        CommandHandler("link", group_chats.link, groups),
        CommandHandler("link", group_chats.link_in_private, private),
        MessageHandler(filters.StatusUpdate.MIGRATE, group_chats.on_migrate),
        CallbackQueryHandler(coordinator.on_invite_button, pattern=coordinator.INVITE_DATA),
        CallbackQueryHandler(group_chats.on_link_button, pattern=group_chats.LINK_DATA),
        CallbackQueryHandler(revoke.on_revoke_button, pattern=revoke.REVOKE_DATA),
        CallbackQueryHandler(progress.on_button, pattern=progress.PROGRESS_DATA),
        CallbackQueryHandler(report_members.on_button, pattern=report_members.MEMBERS_DATA),
        CallbackQueryHandler(actions.on_button, pattern=r"^o:"),
        MessageHandler(filters.TEXT & ~filters.COMMAND & private, dialogues.on_awaited_text),
        MessageHandler(filters.PHOTO & private, dialogues.on_report_photo),
        # Last for private messages: whatever nothing above answered gets a reply.
        MessageHandler(
            private & filters.UpdateType.MESSAGE & ~filters.StatusUpdate.ALL, hints.unanswered
        ),
        CallbackQueryHandler(actions.on_stale_button),  # any other button: an old card
    ]


async def on_error(update: object, context: BotContext) -> None:
    """Every handler error lands here. The inbox decides what becomes of the update (tried
    again after a storage fault, recorded as failed otherwise); the person hears of a bug,
    not of a disk that is being waited out."""
    error = context.error
    if error is None:
        return
    faults = context.application.bot_data.get("faults")
    if faults is not None:
        faults.record(update, error)
    if is_storage_fault(error):
        return  # logged once by the inbox, which retries the update
    uid = update.update_id if isinstance(update, Update) else None
    log.error("update %s: %s", uid, describe(error), exc_info=error)
    if isinstance(update, Update) and update.effective_message:
        await update.effective_message.reply_text(context.t(update, "error.generic"))


def build_application(
    services: Services,
    token: str,
    base_url: str = "https://api.telegram.org",
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    rate_limited: bool = True,
    pacer: Pacer | None = None,
) -> Application[Any, Any, Any, Any, Any, Any]:
    builder = (
        Application.builder()
        .application_class(PressApplication)  # answers each button press once
        .token(token)
        .base_url(f"{base_url.rstrip('/')}/bot")
        .base_file_url(f"{base_url.rstrip('/')}/file/bot")
        .context_types(ContextTypes(context=BotContext))
        .updater(None)  # updates are fetched and stored by our own loop (no update is lost)
    )
    builder = builder.persistence(SqlitePersistence(services.inbox))
    if request is not None:
        builder = builder.request(request)
    # The receiver polls through this request object itself (its inbox), so it is ours.
    get_updates_request = get_updates_request or HTTPXRequest()
    builder = builder.get_updates_request(get_updates_request)
    if rate_limited:
        # A direct reply (not the outbox) that meets a 429 waits and goes once more rather
        # than vanish; the outbox has its own pacing and holds.
        builder = builder.rate_limiter(AIORateLimiter(max_retries=2))
    application = builder.build()
    attach_services(application, services)
    sender = OutboxSender(
        services.db, services.clock, telegram_deliver(services, application.bot), pacer
    )

    async def after_action(outcome: Outcome) -> None:
        sender.wake()  # the sender's own loop delivers, paced; handlers do not wait for it

    application.bot_data["sender"] = sender
    application.bot_data["faults"] = HandlerFaults()
    application.bot_data["updates_request"] = get_updates_request
    application.bot_data["after_action"] = after_action
    application.add_handler(TypeHandler(Update, drafts.touch), group=-1)  # first, every update
    for handler in handlers():
        application.add_handler(handler)
    application.add_error_handler(on_error)  # type: ignore[arg-type]
    return application
