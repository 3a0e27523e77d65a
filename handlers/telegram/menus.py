"""The command menu (setMyCommands) and /help, per role: people see what they may use."""

from __future__ import annotations

from collections.abc import Iterable

from telegram import Bot, BotCommand, BotCommandScopeChat
from telegram.error import TelegramError

from bot.domain.workflow import Role
from texts import t

DESCRIPTIONS = {
    "order": "点单：提出科普服务需求",
    "my": "我的订单",
    "queue": "待办：等我处理的订单",
    "invite": "邀请阵地、部门、服务队人员",
    "stations": "服务阵地及编号",
    "agencies": "部门及编号",
    "teams": "服务队及编号",
    "stats": "订单统计",
    "revoke": "撤销某人的身份",
    "progress": "规划进度 / 本单位进度",
    "report": "生成报表：文字、图表和 Excel",
    "me": "我的志愿服务时长和积分",
    "certificate": "开具志愿服务记录证明",
    "link": "在服务队群里发送，绑定本群",
    "web": "网页控制台：获取一次性登录链接",
    "start": "开始 / 兑换邀请码",
    "help": "帮助",
    "cancel": "取消当前操作",
    "lang": "切换语言 中文/English",
}
_BY_ROLE = {
    Role.resident: ("order", "my"),
    Role.station: ("queue", "progress", "web"),
    Role.agency: ("queue", "progress", "web"),
    Role.team_member: ("queue", "progress", "me", "certificate", "web"),
    Role.team_leader: ("queue", "link", "progress", "me", "certificate", "web"),
    Role.coordinator: (
        *("queue", "invite", "revoke", "stations", "agencies", "teams", "stats"),
        *("progress", "report", "certificate", "web"),
    ),
}
_ALWAYS = ("start", "help", "cancel", "lang")


def command_names(roles: Iterable[Role]) -> list[str]:
    """Everyone may order; staff commands follow; the general ones come last."""
    names = list(_BY_ROLE[Role.resident])
    for role in _BY_ROLE:
        if role in roles:
            names += [n for n in _BY_ROLE[role] if n not in names]
    return names + list(_ALWAYS)


def commands_for(roles: Iterable[Role]) -> list[BotCommand]:
    return [BotCommand(name, DESCRIPTIONS[name]) for name in command_names(roles)]


def can_do(roles: Iterable[Role]) -> str:
    """The commands that do something for this person, one a line."""
    names = [n for n in command_names(roles) if n not in ("start", "cancel", "lang")]
    return "\n".join(f"/{name} {DESCRIPTIONS[name]}" for name in names)


def help_text(roles: Iterable[Role]) -> str:
    roles = set(roles)
    lines = [f"/{name} {DESCRIPTIONS[name]}" for name in command_names(roles)]
    if Role.coordinator in roles:  # the role words /invite accepts
        lines.append(t("zh", "help.invite"))
    return "\n".join(lines)


async def set_menu(bot: Bot, chat_id: int, roles: Iterable[Role]) -> None:
    """This person's own menu; a failure costs only convenience, so it is logged and ignored."""
    try:
        await bot.set_my_commands(commands_for(roles), scope=BotCommandScopeChat(chat_id))
    except TelegramError:
        return
