"""Every user-facing text, per locale, looked up by key. Simplified Chinese first."""

from __future__ import annotations

from typing import Any

ZH: dict[str, str] = {
    "start.hello": "您好，{name}！这里是科普志愿服务平台：群众点单、阵地派单、部门领单、科技志愿服务队接单。",
    "start.roles": "您的身份：{roles}",
    "start.menu": "发送 /order 提出科普服务需求，/my 查看我的订单，/help 查看帮助。",
    "start.redeemed": "已确认：您现在是{scope}的{role}。",
    "help": (
        "/order 点单：提出一项科普服务需求\n"
        "/my 我的订单\n"
        "/cancel 取消当前操作\n"
        "/lang 切换语言（中文 / English）"
    ),
    "cancelled": "已取消当前操作，填写的内容没有提交。",
    "nothing_to_cancel": "当前没有进行中的操作。",
    "not_text": "请用文字回答这一步（不支持贴纸、图片、语音或文件）。",
    "too_long": "内容太长：最多 {limit} 个字，请精简后重新发送。",
    "order.pick_jurisdiction": "请选择您所在的旗市：",
    "order.pick_station": "请选择离您最近的服务阵地（也可以直接输入镇、村名称筛选）：",
    "order.no_station": "没有找到名称含“{query}”的阵地，请换个词或直接点选：",
    "order.no_stations_at_all": "该旗市还没有登记服务阵地，请联系当地科协。",
    "order.describe": "请用一两句话描述您的需求，例如：“嘎查想请人讲讲羊病防治”。",
    "order.routed": "根据全民科学素质行动实施方案，这项需求属于：\n{title}\n牵头单位：{lead}\n请确认，或选择其他类别：",
    "order.unclassified": "暂时无法判断这项需求属于哪一类，将交由阵地工作人员分派。",
    "order.other": "其他 / 不确定（交阵地分派）",
    "order.audience": "服务对象是谁？（例如：本村牧民、小学四年级学生、社区老人）",
    "order.attendance": "预计多少人参加？请输入数字。",
    "order.attendance_bad": "请输入 1 到 100000 之间的数字。",
    "order.when": "希望什么时候？",
    "order.when_date": "请输入日期，例如 2026-05-12。",
    "order.when_bad": "日期格式不对或已过去，请按 2026-05-12 的格式输入今天以后的日期。",
    "order.phone": "请留下联系电话（只有阵地和接单的服务队能看到），可以点下方按钮一键分享，或直接输入；不想留可以跳过。",
    "order.phone_share": "📱 分享我的手机号",
    "order.phone_skip": "跳过",
    "order.phone_not_yours": "只能分享您自己的联系方式。",
    "order.summary": "请确认订单：\n阵地：{station}\n需求：{text}\n类别：{task}\n对象：{audience}\n人数：{attendance}\n时间：{when}\n电话：{phone}",
    "order.submit": "✅ 提交",
    "order.submitted": "已提交，订单号 {code}。阵地审核后会派给相关部门，进展会及时通知您。",
    "order.none": "您还没有订单。发送 /order 提出需求。",
    "order.mine": "{code} · {state} · {text}",
    "when.this_week": "本周",
    "when.next_week": "下周",
    "when.this_month": "本月内",
    "when.date": "指定日期",
    "error.forbidden": "无权限",
    "error.stale": "操作已失效",
    "error.generic": "抱歉，出了点问题，请稍后再试。",
    "lang.set": "已切换为中文。",
}

EN: dict[str, str] = {
    "start.hello": "Hello, {name}! This is the science volunteer service: residents order, "
    "stations dispatch, agencies claim, volunteer teams deliver.",
    "start.roles": "Your roles: {roles}",
    "start.menu": "Send /order to request a service, /my for your orders, /help for help.",
    "start.redeemed": "Confirmed: you are now {role} of {scope}.",
    "help": "/order request a service\n/my my orders\n/cancel cancel the current step\n"
    "/lang switch language (中文 / English)",
    "cancelled": "Cancelled. Nothing was submitted.",
    "nothing_to_cancel": "There is nothing to cancel.",
    "not_text": "Please answer this step with text (no stickers, photos, voice or files).",
    "too_long": "Too long: at most {limit} characters. Please shorten it and send again.",
    "order.pick_jurisdiction": "Choose your banner or city:",
    "order.pick_station": "Choose the service station nearest to you (or type a town name):",
    "order.no_station": "No station matches “{query}”. Try another word or tap one:",
    "order.no_stations_at_all": "No station is registered here yet; please contact the local 科协.",
    "order.describe": "Describe what you need in a sentence or two.",
    "order.routed": "Under the plan this request belongs to:\n{title}\nLead agency: {lead}\n"
    "Confirm, or choose another category:",
    "order.unclassified": "The category is unclear; the station will decide.",
    "order.other": "Other / not sure (the station decides)",
    "order.audience": "Who is the service for?",
    "order.attendance": "How many people are expected? Send a number.",
    "order.attendance_bad": "Please send a number from 1 to 100000.",
    "order.when": "When would you like it?",
    "order.when_date": "Send a date such as 2026-05-12.",
    "order.when_bad": "That date is not valid or has passed; use the 2026-05-12 format.",
    "order.phone": "Leave a phone number (only the station and the accepting team see it): share "
    "it with the button, type it, or skip.",
    "order.phone_share": "📱 Share my number",
    "order.phone_skip": "Skip",
    "order.phone_not_yours": "You can only share your own contact.",
    "order.summary": "Please confirm:\nStation: {station}\nNeed: {text}\nCategory: {task}\n"
    "For: {audience}\nPeople: {attendance}\nWhen: {when}\nPhone: {phone}",
    "order.submit": "✅ Submit",
    "order.submitted": "Submitted, order {code}. You will be told how it goes.",
    "order.none": "You have no orders yet. Send /order to make one.",
    "order.mine": "{code} · {state} · {text}",
    "when.this_week": "This week",
    "when.next_week": "Next week",
    "when.this_month": "This month",
    "when.date": "A date",
    "error.forbidden": "Not allowed (无权限)",
    "error.stale": "This action has expired (操作已失效)",
    "error.generic": "Sorry, something went wrong. Please try again later.",
    "lang.set": "Switched to English.",
}

LOCALES = {"zh": ZH, "en": EN}


def locale_for(language_code: str | None, stored: str | None = None) -> str:
    if stored in LOCALES:
        return stored
    return "en" if (language_code or "").lower().startswith("en") else "zh"


def t(locale: str, key: str, **params: Any) -> str:
    """The text for `key`; Chinese when the locale lacks it."""
    template = LOCALES.get(locale, ZH).get(key) or ZH[key]
    return template.format(**params) if params else template
