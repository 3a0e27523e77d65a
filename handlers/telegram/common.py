"""Commands for everyone: /start (with an invite code), /help, /lang."""

from __future__ import annotations

from telegram import Update

from bot.domain.workflow import WorkflowError
from handlers.telegram.context import BotContext
from handlers.telegram.menus import help_text, set_menu
from texts import refused_words


async def start(update: Update, context: BotContext) -> None:
    user, message = update.effective_user, update.effective_message
    if user is None or message is None:
        return
    services = context.services
    person = await services.people.resolve("telegram", user.id, user.full_name, user.language_code)
    if context.args:
        try:
            redeemed = await services.people.redeem(person, user.full_name, context.args[0])
        except WorkflowError as exc:
            await message.reply_text(refused_words(context.locale(update), exc))
            return
        await message.reply_text(
            context.t(
                update,
                "start.redeemed",
                role=context.t(update, f"role.{redeemed.role.value}"),
                scope=redeemed.scope_name or redeemed.scope,
            )
        )
    actor = await services.people.actor(person)
    held = {g.role for g in actor.grants}
    if held:
        await set_menu(context.bot, user.id, held)
    roles = [
        context.t(update, "role.held", place=place, role=context.t(update, f"role.{role.value}"))
        for role, place in await services.people.held_roles(person)
    ] or [context.t(update, "role.resident")]
    await message.reply_text(
        "\n".join(
            [
                context.t(update, "start.hello", name=user.first_name),
                context.t(update, "start.roles", roles="、".join(roles)),
                context.t(update, "start.menu_staff" if held else "start.menu"),
            ]
        )
    )


async def help_command(update: Update, context: BotContext) -> None:
    user, message = update.effective_user, update.effective_message
    if user is None or message is None:
        return
    if context.locale(update) != "zh":
        await message.reply_text(context.t(update, "help"))
        return
    actor = await context.services.people.actor(context.person_id)
    await message.reply_text(help_text({g.role for g in actor.grants}))


async def lang(update: Update, context: BotContext) -> None:
    if update.effective_message is None or context.user_data is None:
        return
    chosen = "en" if context.locale(update) == "zh" else "zh"
    context.user_data["lang"] = chosen
    if update.effective_user:  # cards and reminders sent later use it too
        user = update.effective_user
        await context.services.people.set_lang(context.person_id, user.full_name, chosen)
    await update.effective_message.reply_text(context.t(update, "lang.set"))
