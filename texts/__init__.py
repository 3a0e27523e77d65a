"""Every user-facing text, per locale, looked up by key. Simplified Chinese first."""

from __future__ import annotations

from typing import Any, Protocol

# The report periods people may write, said wherever one is not understood.
_PERIOD_FORMS = (
    "可用的写法：2026（全年）、2026H1（上半年）、2026Q3（第三季度）、2026-05（月）、"
    "2026-03-01..2026-06-30（日期范围）"
)
_PERIOD_FORMS_EN = (
    "You may write: 2026 (the year), 2026H1 (first half), 2026Q3 (third quarter), 2026-05 (a month), "
    "2026-03-01..2026-06-30 (a range of dates)"
)

ZH: dict[str, str] = {
    "start.hello": "您好，{name}！这里是科普志愿服务平台：群众点单、阵地派单、部门领单、科技志愿服务队接单。",
    "start.roles": "您的身份：{roles}",
    "start.menu": "发送 /order 提出科普服务需求，/my 查看我的订单，/help 查看帮助。",
    "start.menu_staff": "发送 /queue 查看等您处理的订单，/help 查看您可用的全部命令（菜单按钮里也有）。",
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
    "order.describe_topic": "本次主题：{topic}\n可以直接点下方按钮按这个主题点单，也可以用一两句话写下您的具体需求。",
    "order.use_topic": "就按这个主题",
    "order.routed": "根据全民科学素质行动实施方案，这项需求属于：\n{title}\n牵头单位：{lead}\n请确认，或选择其他类别：",
    "order.unclassified": "暂时无法判断这项需求属于哪一类。没关系：点“其他 / 不确定（交阵地分派）”，订单会交给阵地工作人员，由他们判断派给哪个部门；如果下面某一类正合适，也可以直接点它。",
    "order.other": "其他 / 不确定（交阵地分派）",
    "order.audience": "服务对象是谁？（例如：本村牧民、小学四年级学生、社区老人）",
    "order.attendance": "预计多少人参加？请输入数字。",
    "order.attendance_bad": "请输入 1 到 100000 之间的数字。",
    "order.when": "希望什么时候？",
    "order.when_date": "请写希望的日期，可以带上午、下午或几点。\n{examples}",
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
    "start.menu_staff": "Send /queue for what waits for you, /help for all your commands.",
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
    "order.unclassified": "The category is unclear. Tap “Other / not sure” and the station's staff will decide which agency gets it; or tap a category below if one fits.",
    "order.other": "Other / not sure (the station decides)",
    "order.audience": "Who is the service for?",
    "order.attendance": "How many people are expected? Send a number.",
    "order.attendance_bad": "Please send a number from 1 to 100000.",
    "order.when": "When would you like it?",
    "order.when_date": "Send the date you would like, with a time if you wish.\n{examples}",
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


# Notification cards and buttons (template key -> text). Cards begin with the
# order code and the state; these lines say what happened.
ZH.update(
    {
        "n.station.new_order": "📥 新订单待派单",
        "n.station.declined": "↩️ 部门退回，请重新派单（原因：{reason}）",
        "n.station.claimed": "部门已领单",
        "n.station.accepted": "服务队已接单",
        "n.station.done": "服务已完成",
        "n.station.cancelled": "居民已取消（原因：{reason}）",
        "n.agency.new_order": "📥 新订单派给本部门，请领单",
        "n.agency.accepted": "服务队已接单",
        "n.agency.withdrawn": "服务队退出（原因：{reason}），请重新发布",
        "n.agency.released": "服务队未按时约定，已退回，请重新发布",
        "n.agency.done": "服务已完成",
        "n.agency.rated": "居民已评价",
        "n.agency.cancelled": "居民已取消（原因：{reason}）",
        "n.team.offer": "🙋 新的服务需求，先到先得",
        "n.team.taken": "该订单已被其他队伍接单",
        "n.team.accepted": "✅ 接单成功！请联系居民，约定服务时间",
        "n.team.assigned": "科协将此订单指派给你们服务队",
        "n.team.time_confirmed": "居民已确认时间",
        "n.team.rated": "居民已评价",
        "n.team.cancelled": "居民已取消（原因：{reason}）",
        "n.team.auto_closed": "订单已自动办结",
        "n.team.released": "未按时约定时间，订单已退回部门",
        "n.resident.submitted": "已收到您的需求",
        "n.resident.dispatched": "阵地已派单给相关部门",
        "n.resident.rejected": "很抱歉，阵地未受理（原因：{reason}）",
        "n.resident.claimed": "部门已领单，正在安排服务队",
        "n.resident.accepted": "服务队已接单，将与您约定时间",
        "n.resident.withdrawn": "原服务队因故退出，正在重新安排",
        "n.resident.time_proposed": "服务队提议的时间：{when}，请确认",
        "n.resident.rate": "服务已完成，请为本次服务打分",
        "n.resident.auto_closed": "订单已自动办结，感谢参与",
        "n.stand_in": "（该岗位暂无人员，由科协代为处理）",
        "card.lines": "{code} · {state}\n阵地：{station}\n需求：{text}\n类别：{task}\n牵头：{lead}\n对象：{audience}  人数：{attendance}  时间：{when}\n电话：{phone}",
        "btn.dispatch": "派给建议部门",
        "btn.dispatch_other": "选择其他部门",
        "btn.reject": "不予受理",
        "btn.claim": "领单",
        "btn.decline": "退回阵地",
        "btn.publish": "发布给匹配的服务队",
        "btn.accept": "接单",
        "btn.withdraw": "退出",
        "btn.propose_time": "约定时间",
        "btn.confirm_time": "确认时间",
        "btn.report_done": "报告完成",
        "btn.rate": "评价",
        "btn.cancel": "取消订单",
        "card.urgent": "🚨 应急 · ",
        "card.team": "\n服务队：{team}",
        "btn.mark_urgent": "🚨 标为应急（缩短时限）",
        "btn.set_task": "更正方案任务",
        "pick.task": "这项服务属于实施方案中的哪项任务？（用于统计方案完成情况；✓ 为当前所记）",
        "n.agency.urgent": "🚨 此订单已标为应急科普，请尽快处理",
        "n.team.urgent": "🚨 此订单已标为应急科普，请尽快约定并服务",
        "pick.reason": "请选择原因，或直接回复文字说明：",
        "pick.agency": "请选择部门：",
        "pick.stars": "请为本次服务打分：",
        "ask.time": "请回复与居民约定的时间（哪天几点）。\n{examples}",
        "done.ok": "已办理：{code} {state}",
        "report.date": "请回复服务日期。\n{examples}",
        "report.attendance": "参加的群众有多少人？",
        "report.hours": "服务时长多少小时？（如 2 或 1.5）",
        "report.volunteers": "到场志愿者几人？",
        "report.summary": "请用几句话写服务小结（可以发照片，照片会附在报告里；写完小结即提交）",
        "report.photo_kept": "照片已收到（{count} 张），请继续写小结。",
        "report.bad_number": "请回复一个合适的数字。",
        "report.members": "哪些队员参加了这次服务？点选队员（可多选，共 {n} 人到场；未注册的志愿者不用选），选好后按「确定」。每位选中队员的时长和积分会记入本人的志愿服务记录。",
        "report.members_done": "确定",
        "report.members_press": "请点选参加服务的队员，选好后按「确定」。",
        "report.members_none": "请至少选择一位队员",
        "report.members_many": "选中的队员多于到场的 {n} 人",
        "report.members_set": "参加服务的队员：{names}。\n",
        "reasons.reject": "不属于科普服务|信息不全，请补充|已有同类活动安排",
        "reasons.decline": "不属于本部门职责|本期无力承办",
        "reasons.cancel": "不需要了|时间不合适|其他原因",
        "reasons.withdraw": "人员临时有事|专业不对口",
    }
)
EN.update(
    {
        "n.station.new_order": "📥 New order to dispatch",
        "n.station.declined": "↩️ The agency returned it; please dispatch it again (reason: {reason})",
        "n.station.claimed": "The agency claimed it",
        "n.station.accepted": "A volunteer team accepted it",
        "n.station.done": "The service is done",
        "n.station.cancelled": "The resident cancelled it (reason: {reason})",
        "n.agency.new_order": "📥 A new order for your agency: please claim it",
        "n.agency.accepted": "A volunteer team accepted it",
        "n.agency.withdrawn": "The team withdrew (reason: {reason}); please publish it again",
        "n.agency.released": "The team did not agree a time in time; it is back with you, please publish it again",
        "n.agency.done": "The service is done",
        "n.agency.rated": "The resident rated the service",
        "n.agency.cancelled": "The resident cancelled it (reason: {reason})",
        "n.team.taken": "Another team has taken this order",
        "n.team.assigned": "The coordinator (科协) assigned this order to your team",
        "n.team.time_confirmed": "The resident confirmed the time",
        "n.team.rated": "The resident rated the service",
        "n.team.cancelled": "The resident cancelled it (reason: {reason})",
        "n.team.auto_closed": "The order was closed automatically",
        "n.team.released": "No time was agreed in time; the order went back to the agency",
        "n.stand_in": " (nobody holds this post yet; the coordinator (科协) acts for it)",
        "pick.task": "Which plan task does this service belong to? (It counts toward the plan's progress; ✓ marks the current one)",
        "n.agency.urgent": "🚨 This order is marked urgent: please deal with it soon",
        "n.team.urgent": "🚨 This order is marked urgent: please agree a time and serve soon",
        "report.members": "Which team members took part? Tick them (several if need be; {n} came in all; volunteers who are not registered need no tick), then press “Done”. Each ticked member's hours and points go into their own volunteer record.",
        "report.members_done": "Done",
        "report.members_press": "Please tick the members who took part, then press “Done”.",
        "report.members_none": "Choose at least one member",
        "report.members_many": "More members ticked than the {n} who came",
        "report.members_set": "Members who took part: {names}.\n",
        "reasons.reject": "Not a science service|Details missing, please add|A similar activity is planned",
        "reasons.decline": "Not our agency's remit|Cannot take it on now",
        "reasons.withdraw": "Our people cannot make it|Not our field",
    }
)

# Lists, details and the staff's commands.
ZH.update(
    {
        "n.agency.claimed": "✅ 已领单。请发布给匹配的服务队，或指定一支服务队",
        "n.team.commented": "居民的评价：{reason}",
        "btn.publish_n": "发布给匹配的服务队（{n} 支）",
        "btn.teams": "指定一支服务队",
        "btn.details": "详情",
        "btn.reassign_agency": "改派部门",
        "btn.reassign_team": "改派服务队",
        "btn.comment": "补充评价",
        "btn.skip": "不写了",
        "pick.team": "请选择服务队：",
        "pick.no_team": "本旗市还没有登记服务队。",
        "ask.comment": "谢谢评分！想补充几句评价吗？直接回复文字即可（可选）。",
        "list.mine": "我的订单：",
        "list.queue": "待办：",
        "list.queue_empty": "目前没有等您处理的订单。",
        "list.more": "……另有 {n} 单未列出",
        "list.line": "{code} · {state} · {text}",
        "list.section.station": "【阵地待派单】",
        "list.section.agency": "【部门待领单/待发布】",
        "list.section.team": "【服务队】",
        "list.section.coordinator": "【科协：在办订单】",
        "list.none_for_role": "（无）",
        "invite.pick_role": "邀请谁？请选择身份：",
        "invite.pick_scope": "请选择{role}所属：",
        "invite.issued": "{role}邀请（{scope}），{expires}（北京时间）前有效，只能使用一次：\n{link}\n或在机器人对话中发送：\n/start {code}",
        "invite.no_scopes": "没有可选的范围。",
        "dir.stations": "{jurisdiction} 的服务阵地：",
        "dir.agencies": "{jurisdiction} 的部门：",
        "dir.teams": "{jurisdiction} 的服务队：",
        "dir.empty": "（暂无）",
        "stats.head": "{jurisdiction} 统计：",
        "stats.states": "各状态订单：{states}",
        "stats.done": "已完成 {done} 单，平均评分 {rating}，服务时长 {hours} 小时（人·时）",
        "stats.none": "暂无订单。",
        "group.linked": "已将本群绑定为「{team}」的服务队群，订单会发到这里，群成员可在群里接单。",
        "group.not_leader": "只有服务队队长可以绑定群聊（请先用邀请码成为队长）。",
        "group.pick_team": "您是多支服务队的队长，请选择要绑定的队伍：",
        "group.private_only": "请在服务队的群聊里发送 /link。",
        "go_private": "请在与机器人的私聊中继续",
        "web.link": "网页控制台登录链接（10 分钟内有效，只能使用一次；请勿转发）：\n{url}\n在手机或电脑的浏览器里打开，点“登录”即可。",
        "web.off": "网页控制台没有开启（WEB_PORT 为 0）。请联系管理员开启后再试。",
    }
)
EN.update(
    {
        "btn.details": "Details",
        "list.mine": "My orders:",
        "list.queue": "Waiting for you:",
        "list.queue_empty": "Nothing is waiting for you.",
        "ask.comment": "Thank you! Add a few words about the service if you like (optional).",
        "btn.skip": "No thanks",
        "n.agency.claimed": "✅ Claimed. Publish it to the matching teams, or pick one team",
        "n.team.commented": "The resident's comment: {reason}",
        "pick.no_team": "No volunteer team is registered in this banner or city yet.",
        "list.section.station": "【Station: to dispatch】",
        "list.section.agency": "【Agency: to claim / to publish】",
        "list.section.team": "【Volunteer team】",
        "list.section.coordinator": "【Coordinator (科协): open orders】",
        "list.none_for_role": "(none)",
        "invite.pick_role": "Invite whom? Choose a role:",
        "invite.pick_scope": "Choose where the {role} belongs:",
        "invite.issued": "Invite: {role} of {scope}, valid until {expires} (Beijing time), for one use only:\n{link}\nor send this in the chat with the bot:\n/start {code}",
        "invite.no_scopes": "There is nothing to choose from.",
        "dir.stations": "Service stations of {jurisdiction}:",
        "dir.agencies": "Agencies of {jurisdiction}:",
        "dir.teams": "Volunteer teams of {jurisdiction}:",
        "dir.empty": "(none yet)",
        "stats.head": "{jurisdiction} statistics:",
        "stats.states": "Orders by state: {states}",
        "stats.done": "{done} completed, average rating {rating}, {hours} hours of service (person-hours)",
        "stats.none": "No orders yet.",
        "group.linked": "This group is now the team group of “{team}”: orders will come here, and members can accept them in the group.",
        "group.not_leader": "Only a team leader can link a group (first become the leader with your invite code).",
        "group.pick_team": "You lead more than one team. Which team should this group be linked to?",
        "group.private_only": "Please send /link in your team's group chat.",
        "web.link": "Sign-in link to the web console (valid for 10 minutes, one use only; do not forward it):\n{url}\nOpen it in a browser on your phone or computer and press “登录” (sign in).",
        "web.off": "The web console is not switched on (WEB_PORT is 0). Please ask the administrator to turn it on, then try again.",
    }
)

# Deadlines: reminders and escalations (bot.scheduling.nudges).
ZH.update(
    {
        "n.station.remind": "⏰ 提醒：这张订单等待派单已超过时限，请尽快派单或说明原因",
        "n.agency.remind": "⏰ 提醒：这张订单派给本部门后尚未领单，请尽快领单或退回",
        "n.agency.remind_publish": "⏰ 提醒：这张订单领单后还没有服务队接单，请发布或指定服务队",
        "n.agency.republished": "⏰ 仍无服务队接单，已同时发给邻近阵地的服务队",
        "n.team.remind_schedule": "⏰ 提醒：请尽快与居民约定服务时间，逾期订单将退回部门",
        "n.team.upcoming": "📅 服务即将开始：{when}",
        "n.resident.upcoming": "📅 您预约的科普服务即将开始：{when}",
        "n.team.remind_report": "⏰ 服务时间已过，请报告完成情况",
        "n.resident.remind_rating": "⭐ 请为已完成的服务打分，您的评价很重要",
        "n.coordinator.overdue": "🚨 超时：{reason}",
        "blank": "这条消息里没有可见的文字（不能只有空白或不可见字符），请用文字回答这一步。",
        "order.expired": "您之前填写、但没有提交的点单已过期（为保护隐私，未提交的草稿几天后会自动删除）。请发送 /order 重新开始。",
        "card.router": "\n系统提示：{reason}",
        "stats.agreement": "阵地派单与系统建议的部门一致：{n}/{of}（{share}）",
        "list.buttons_cut": "（按钮只列出了前 {n} 单；其余订单请用 /queue 处理完前面的再看）",
        "digest.head": "📊 {place} 科普服务周报（{first} 至 {last}）",
        "digest.open": "在办订单：{states}",
        "digest.none": "无",
        "digest.late": "超时订单（按环节 / 责任方）：",
        "digest.late_line": "  {stage}｜{holder}：{n} 单",
        "digest.late_none": "超时订单：无",
        "digest.week": "上周完成 {completed} 单，平均评分 {rating}，服务时长 {hours} 人·时",
        "digest.rating": "{rating} 星（{n} 条）",
        "digest.rating.unrated": "暂无",
        "monthly.text": "📅 {agency} {period} 科普服务月报：完成 {completed} 单，{rating}，服务时长 {hours} 人·时；目前在办 {waiting} 单。",
        "monthly.rating": "{rating} 星",
        "monthly.rating.unrated": "暂无评分",
        "campaign.text": "📣 {campaign}（{span}）还有 {days} 天。\n方案中的相关任务：{task}（牵头：{lead}）\n把这个链接发给居民或发到群里，点开即可按“{topic}”点单：\n{link}",
        "campaign.no_lead": "科协统筹",
        "list.sep": "，",
        "list.names": "、",
        "role.resident_short": "居民",
        "revoke.pick": "撤销谁的身份？请选择（撤销后其按钮立即失效，也不再收到订单和电话）：",
        "revoke.none": "您管辖的旗市目前没有其他人持有身份。",
        "revoke.confirm": "确认撤销 {person} 的“{role}”身份（{scope}）？",
        "revoke.yes": "确认撤销",
        "revoke.done_short": "已撤销",
        "revoke.done": "已撤销 {name} 的身份：{label}。对方已收到通知。",
        "n.person.revoked": "您的身份（{place} · {role}）已被科协撤销。此后该身份的按钮不再可用；如有疑问请联系当地科协。",
        "group.linked_elsewhere": "本群已绑定为「{team}」的服务队群。只有该队队长可以把本群改绑给其他服务队。",
        "n.team.group_moved": "本队的服务队群已改绑为「{new}」的服务队群，此后本队的订单不再发到该群。如有误，请在群里重新发送 /link。",
        "n.team.group_relink_refused": "{name}（「{new}」的队长）试图把本队的服务队群改绑给「{new}」，已被拒绝。",
    }
)
EN.update(
    {
        "n.station.remind": "⏰ Reminder: this order has waited for dispatch past its deadline; please dispatch it or say why not",
        "n.agency.remind": "⏰ Reminder: this order was dispatched to your agency and is not claimed yet; please claim it or return it",
        "n.agency.remind_publish": "⏰ Reminder: no team has accepted this order since you claimed it; please publish it or pick a team",
        "n.agency.republished": "⏰ Still no team has accepted it; it went to the teams of nearby stations as well",
        "n.team.remind_schedule": "⏰ Reminder: please agree a service time with the resident soon, or the order goes back to the agency",
        "n.team.upcoming": "📅 The service is coming up: {when}",
        "n.team.remind_report": "⏰ The service time has passed: please report completion",
        "n.coordinator.overdue": "🚨 Overdue: {reason}",
        "blank": "This message has no visible text (only spaces or invisible characters). Please answer this step with text.",
        "order.expired": "The order you began but did not submit has expired (to protect your privacy, unsubmitted drafts are deleted after a few days). Send /order to start again.",
        "card.router": "\nSystem note: {reason}",
        "stats.agreement": "Stations dispatched to the suggested agency: {n}/{of} ({share})",
        "list.buttons_cut": "(Buttons are shown for the first {n} orders only; deal with those, then send /queue again for the rest)",
        "digest.head": "📊 {place} weekly science service report ({first} to {last})",
        "digest.open": "Open orders: {states}",
        "digest.none": "none",
        "digest.late": "Overdue orders (by stage | who holds them):",
        "digest.late_line": "  {stage} | {holder}: {n}",
        "digest.late_none": "Overdue orders: none",
        "digest.week": "Last week: {completed} completed; average rating: {rating}; {hours} person-hours of service",
        "digest.rating": "{rating} stars ({n} ratings)",
        "digest.rating.unrated": "none yet",
        "monthly.text": "📅 {agency}, monthly science service report for {period}: {completed} completed, {rating}, {hours} person-hours of service; {waiting} open now.",
        "monthly.rating": "average rating {rating} stars",
        "monthly.rating.unrated": "no ratings yet",
        "campaign.text": "📣 {campaign} ({span}) is {days} days away.\nThe plan task for it: {task} (lead: {lead})\nSend this link to residents or post it in a group; opening it starts an order on “{topic}”:\n{link}",
        "campaign.no_lead": "the coordinator (科协)",
        "list.sep": ", ",
        "list.names": ", ",
        "revoke.pick": "Whose role do you want to revoke? Choose one (their buttons stop working at once, and they get no more orders or phone numbers):",
        "revoke.none": "Nobody else holds a role in your banner or city now.",
        "revoke.confirm": "Revoke the role “{role}” of {person} ({scope})?",
        "revoke.yes": "Revoke",
        "revoke.done_short": "Revoked",
        "revoke.done": "Revoked {name}'s role: {label}. They have been told.",
        "n.person.revoked": "Your role ({place} · {role}) was revoked by the coordinator (科协). Its buttons no longer work; if you have questions, please contact your local 科协.",
        "group.linked_elsewhere": "This group is already the team group of “{team}”. Only that team's leader can link it to another team.",
        "n.team.group_moved": "Your team's group is now the team group of “{new}”; your team's orders no longer go there. If this is a mistake, send /link in the group again.",
        "n.team.group_relink_refused": "{name} (leader of “{new}”) tried to link your team's group to “{new}”; this was refused.",
    }
)

# English for what residents see, and the buttons and cards everyone sees.
EN.update(
    {
        "order.describe_topic": "Theme: {topic}\nTap the button to order on this theme, or describe what you need.",
        "order.use_topic": "Use this theme",
        "n.resident.submitted": "Your request was received",
        "n.resident.dispatched": "The station passed it to the responsible agency",
        "n.resident.rejected": "Sorry, the station did not accept it (reason: {reason})",
        "n.resident.claimed": "The agency took it and is finding a volunteer team",
        "n.resident.accepted": "A volunteer team took it and will agree a time with you",
        "n.resident.withdrawn": "The team had to withdraw; another is being found",
        "n.resident.time_proposed": "The team proposes: {when}. Please confirm",
        "n.resident.rate": "The service is done: please rate it",
        "n.resident.auto_closed": "The order was closed. Thank you for taking part",
        "n.resident.upcoming": "📅 Your science service is coming up: {when}",
        "n.resident.remind_rating": "⭐ Please rate the service you received",
        "n.team.offer": "🙋 A new request: first team to accept takes it",
        "n.team.accepted": "✅ Yours! Contact the resident to agree a time",
        "card.lines": "{code} · {state}\nStation: {station}\nNeed: {text}\nCategory: {task}\nLead: {lead}\nFor: {audience}  People: {attendance}  When: {when}\nPhone: {phone}",
        "card.urgent": "🚨 Urgent · ",
        "card.team": "\nTeam: {team}",
        "btn.dispatch": "Dispatch to the suggested agency",
        "btn.dispatch_other": "Choose another agency",
        "btn.reject": "Reject",
        "btn.claim": "Claim",
        "btn.decline": "Return to the station",
        "btn.publish": "Publish to matching teams",
        "btn.publish_n": "Publish to the {n} matching teams",
        "btn.teams": "Pick one team",
        "btn.accept": "Accept",
        "btn.withdraw": "Withdraw",
        "btn.propose_time": "Propose a time",
        "btn.confirm_time": "Confirm the time",
        "btn.report_done": "Report completion",
        "btn.rate": "Rate",
        "btn.comment": "Add a comment",
        "btn.cancel": "Cancel the order",
        "btn.mark_urgent": "🚨 Mark urgent (shorter deadlines)",
        "btn.set_task": "Correct the plan task",
        "btn.reassign_agency": "Reassign the agency",
        "btn.reassign_team": "Reassign the team",
        "pick.reason": "Choose a reason, or type one:",
        "pick.agency": "Choose an agency:",
        "pick.team": "Choose a team:",
        "pick.stars": "How would you rate the service?",
        "ask.time": "Reply with the time agreed with the resident (day and hour).\n{examples}",
        "ask.comment": "Thank you! Add a few words about the service if you like (optional).",
        "done.ok": "Done: {code} {state}",
        "report.date": "The date of the service?\n{examples}",
        "report.attendance": "How many people attended?",
        "report.hours": "How many hours did it take (e.g. 2 or 1.5)?",
        "report.volunteers": "How many volunteers took part?",
        "report.summary": "A few sentences of summary (photos welcome; the summary submits the report)",
        "report.photo_kept": "Photo kept ({count}); please go on with the summary.",
        "report.bad_number": "Please reply with a sensible number.",
        "reasons.cancel": "No longer needed|The time does not suit|Another reason",
        "list.line": "{code} · {state} · {text}",
        "list.more": "…and {n} more",
        "go_private": "Please continue in your private chat with the bot",
    }
)

# Repeated presses: the one who already did it is told so.
ZH.update({"done.again": "您已办理过这一步：{code} 当前{state}"})
EN.update({"done.again": "You did this already: {code} is now {state}"})

# Dates in plain Chinese (handlers.telegram.when, bot.domain.dates): shown, exemplified, refused.
ZH.update(
    {
        "weekdays": "周一|周二|周三|周四|周五|周六|周日",
        "date.day": "{iso}（{weekday}）",
        "date.moment": "{at}（{weekday}）",
        "date.month_day": "{month}月{day}日",
        "date.assumed": "（“{part}”按 {at} 计，要别的时间请写明几点）",
        "date.examples_ahead": "可以这样写：明天下午三点、下周三上午、{month_day}、周六、后天 14:30、{iso}",
        "date.examples_behind": "可以这样写：今天、昨天、{month_day}、上周六",
        "date.err.empty": "请写一个日期。",
        "date.err.unreadable": "没看懂“{text}”是哪一天。",
        "date.err.no_such_day": "没有这一天，请核对月份和日期。",
        "date.err.weekday_mismatch": "{day}是{actual}，不是{written}，请核对。",
        "date.err.two_days": "写了不止一个日期，请只写一个。",
        "date.err.two_times": "写了不止一个时间，请只写一个。",
        "date.err.ambiguous_hour": "“{hour}点”是上午还是下午？请写“上午{hour}点”、“下午{hour}点”或“{pm}:00”。",
        "date.err.ambiguous_part": "请写明{part}几点，例如“{part}5点”。",
        "date.err.bad_time": "这个时间不对，请核对几点几分（例如 14:30 或 下午两点半）。",
        "date.err.needs_time": "请写上几点，例如“{day}下午三点”。",
        "date.err.past": "这个时间已经过去了，请写以后的时间。",
        "date.err.too_far": "只能约一年以内的时间。",
        "date.err.future": "服务日期不能晚于今天。",
    }
)
EN.update(
    {
        "weekdays": "Mon|Tue|Wed|Thu|Fri|Sat|Sun",
        "date.day": "{iso} ({weekday})",
        "date.moment": "{at} ({weekday})",
        "date.month_day": "{month}月{day}日",
        "date.assumed": " (“{part}” taken as {at}; write the hour for another time)",
        "date.examples_ahead": "For example: 明天下午三点, 下周三上午, {month_day}, 周六, 后天 14:30, {iso}",
        "date.examples_behind": "For example: 今天, 昨天, {month_day}, 上周六",
        "date.err.empty": "Please write a date.",
        "date.err.unreadable": "“{text}” is not a date I can read.",
        "date.err.no_such_day": "There is no such day; please check the month and day.",
        "date.err.weekday_mismatch": "{day} falls on {actual}, not {written}; please check.",
        "date.err.two_days": "That is more than one date; please write just one.",
        "date.err.two_times": "That is more than one time; please write just one.",
        "date.err.ambiguous_hour": "Is “{hour}点” in the morning or the afternoon? Write “上午{hour}点” (a.m.), “下午{hour}点” (p.m.) or “{pm}:00”.",
        "date.err.ambiguous_part": "Please write the hour for “{part}”, e.g. “{part}5点”.",
        "date.err.bad_time": "That time is not right; please check the hour and minutes (e.g. 14:30 or 下午两点半).",
        "date.err.needs_time": "Please add the hour, e.g. “{day}下午三点”.",
        "date.err.past": "That time has passed; please write a later one.",
        "date.err.too_far": "A time can be agreed at most a year ahead.",
        "date.err.future": "The service date cannot be later than today.",
    }
)

# What a typed date became, echoed before the next step.
ZH.update(
    {
        "order.when_set": "好的，期望时间：{when}。",
        "order.when_buttons": "请点上面的按钮选择希望的时间；也可以直接写日期。\n{examples}\n发送 /cancel 可退出点单。",
        "ask.time_sent": "提议的时间 {when} 已发给居民确认，居民确认后会通知你们；要改时间，再点“约定时间”即可。",
        "report.date_set": "服务日期：{day}{early}。",
        "report.early": "（提前完成）",
        "report.early_word": "提前完成",
        "report.date_early": "约定的服务时间是 {when}，还没到。如果已经提前完成，请回复实际的服务日期，报告会注明“提前完成”；还没服务的话发送 /cancel。\n{examples}",
        "report.before_agreed": "服务日期 {day} 早于约定的 {agreed}。请核对后重新回复；如果确实是提前完成的，请回复“提前完成”。",
    }
)
EN.update(
    {
        "order.when_set": "Noted, the wished time: {when}.",
        "ask.time_sent": "The time {when} went to the resident to confirm; you will hear when they do. To change it, press “Propose a time” again.",
        "report.date_set": "Date of the service: {day}{early}.",
        "report.early": " (completed early)",
        "order.when_buttons": "Please tap a button above to choose when; or write a date.\n{examples}\nSend /cancel to leave the order.",
        "report.early_word": "early",
        "report.date_early": "The agreed service time is {when}, which has not come yet. If the service was done early, reply with the actual date and the report will say “completed early”; if it has not taken place yet, send /cancel.\n{examples}",
        "report.before_agreed": "The service date {day} is before the agreed {agreed}. Please check it and reply again; if the service really was done early, reply “early”.",
    }
)

# Cards that say what happened.
ZH.update(
    {
        "n.team.time_proposed": "🕒 已向居民提议时间：{when}，等待居民确认",
        "n.resident.declined": "部门暂未受理（原因：{reason}），阵地正在重新派单",
        "card.report": "\n服务报告：{day}{early}，参加 {attendance} 人，{hours} 小时，志愿者 {volunteers} 人，{photos}\n小结：{summary}",
        "card.photos": "附照片 {n} 张",
        "card.no_photos": "没有照片",
        "card.rating": "\n居民评价：{stars}（{n} 星）{comment}",
        "card.comment": "{comment}",
        "card.changed": "\nℹ️ 这条通知发出前，订单又有了新进展；上面是发出时的状态。",
        "pick.declined": "（曾退回）",
    }
)
EN.update(
    {
        "n.team.time_proposed": "🕒 Proposed to the resident: {when}; waiting for them to confirm",
        "n.resident.declined": "The agency did not take it (reason: {reason}); the station is dispatching it again",
        "card.report": "\nReport: {day}{early}, {attendance} attended, {hours} h, {volunteers} volunteers, {photos}\nSummary: {summary}",
        "card.photos": "{n} photo(s)",
        "card.no_photos": "no photos",
        "card.rating": "\nRating: {stars} ({n}) {comment}",
        "card.changed": "\nℹ️ The order moved on before this was sent; above is how it stands now.",
        "card.comment": "{comment}",
        "pick.declined": " (returned before)",
    }
)

# Never silent: typed text where buttons wait, messages nothing else answers, staff commands.
ZH.update(
    {
        "order.press_jurisdiction": "请点按钮选择您所在的旗市。发送 /cancel 可退出点单。",
        "order.press_task": "请点按钮确认需求类别：第一个是按实施方案判断的类别；不确定就点“其他 / 不确定（交阵地分派）”，由阵地工作人员判断。要改需求描述，请发送 /cancel 后重新 /order。",
        "order.press_submit": "请核对上面的订单，点“✅ 提交”即提交；要修改请发送 /cancel 后重新 /order。",
        "order.phone_kept": "已记下联系电话 {phone}。",
        "order.phone_none": "好的，不留电话。",
        "hint.idle": "收到。不过现在没有在等您回答什么。您可以用：\n{commands}",
        "hint.unknown": "没有 {command} 这个命令。您可以用：\n{commands}",
        "hint.cancel": "发送 /cancel 可退出当前操作。",
        "hint.stars": "请点上面的星星按钮打分：⭐⭐⭐⭐⭐ 是 5 星（非常满意），⭐ 是 1 星。",
        "hint.agencies": "请点上面的按钮选择要派给的部门。",
        "hint.tasks": "请点上面的按钮选择方案任务。",
        "hint.teams": "请点上面的按钮选择服务队（✓ 表示专业和服务范围都匹配）。",
        "hint.invite": "请点上面的按钮选择；也可以直接发送 /invite 身份 范围，例如 /invite 部门 旗农牧局。",
        "error.forbidden_command": "无权限：{command} 不在您的权限内。您可以用：\n{commands}",
    }
)
EN.update(
    {
        "order.phone_kept": "Phone noted: {phone}.",
        "order.phone_none": "Fine, no phone.",
        "hint.idle": "Got it, but nothing is waiting for your answer now. You can use:\n{commands}",
        "hint.unknown": "There is no command {command}. You can use:\n{commands}",
        "hint.cancel": "Send /cancel to leave.",
        "hint.stars": "Please tap the stars above: ⭐⭐⭐⭐⭐ is 5 stars (very satisfied), ⭐ is 1 star.",
        "hint.agencies": "Please tap a button above to choose the agency to dispatch to.",
        "hint.tasks": "Please tap a button above to choose the plan task.",
        "hint.teams": "Please tap a button above to choose a team (✓ means both its field and its service area match).",
        "hint.invite": "Please tap a button above; or send /invite ROLE PLACE, e.g. /invite 部门 旗农牧局.",
        "order.press_jurisdiction": "Please tap a button to choose your banner or city. Send /cancel to leave the order.",
        "order.press_task": "Please tap a button to confirm the category: the first is the one the plan suggests; if unsure, tap “Other / not sure (the station decides)” and the station's staff will decide. To change your description, send /cancel and then /order again.",
        "order.press_submit": "Please check the order above and tap “✅ Submit” to send it; to change anything, send /cancel and then /order again.",
        "error.forbidden_command": "Not allowed (无权限): {command} is not among your commands. You can use:\n{commands}",
    }
)

# Names, not ids: invites by role word and scope name.
ZH.update(
    {
        "invite.unknown": "没有找到“{role} {scope}”。身份可写：科协、阵地、部门、队长、队员；范围写名称或编号（/stations、/agencies、/teams 可查），例如 /invite 部门 旗农牧局。",
        "help.invite": "邀请也可以一句话：/invite 身份 范围。身份写 科协、阵地、部门、队长 或 队员，范围写名称或编号，例如：\n/invite 部门 旗农牧局\n/invite 队长 农牧业科技志愿服务队（示例）",
    }
)
EN.update(
    {
        "invite.unknown": "Found no “{role} {scope}”. The role may be typed as 科协, 阵地, 部门, 队长 or 队员 (or coordinator, station, agency, team_leader, team_member); the place by its name or id (see /stations, /agencies, /teams), e.g. /invite 部门 旗农牧局.",
        "help.invite": "You can also invite in one line: /invite ROLE PLACE. The role may be typed as 科协, 阵地, 部门, 队长 or 队员 (or coordinator, station, agency, team_leader, team_member), the place by its name or id, e.g.:\n/invite 部门 旗农牧局\n/invite 队长 农牧业科技志愿服务队（示例）",
    }
)

# Long lists of buttons, a page at a time (handlers.telegram.paging).
ZH.update({"page.more": "更多 ▸（已列 {shown}/{total}）", "page.back": "◂ 上一页"})
EN.update({"page.more": "More ▸ ({shown}/{total} shown)", "page.back": "◂ Back"})

# State and role names: the core names them by key, each channel in its language.
ZH.update(
    {
        "offer.taken_by": "{code} · 已由「{team}」接单",
        "offer.ended": "{code} · 该订单{state}，无需再接单",
        "state.new": "待派单",
        "state.dispatched": "待领单",
        "state.claimed": "待接单",
        "state.accepted": "已接单",
        "state.scheduled": "已约定时间",
        "state.done": "已完成待评价",
        "state.closed": "已办结",
        "state.rejected": "已退回",
        "state.cancelled": "已取消",
        "role.resident": "居民",
        "role.station": "阵地工作人员",
        "role.agency": "部门联络员",
        "role.team_leader": "服务队队长",
        "role.team_member": "服务队队员",
        "role.coordinator": "科协管理员",
    }
)
EN.update(
    {
        "state.new": "waiting for dispatch",
        "state.dispatched": "waiting for an agency",
        "state.claimed": "waiting for a team",
        "state.accepted": "taken by a team",
        "state.scheduled": "time agreed",
        "state.done": "done, to be rated",
        "state.closed": "closed",
        "state.rejected": "not accepted",
        "state.cancelled": "cancelled",
        "role.resident": "resident",
        "role.station": "station officer",
        "role.agency": "agency officer",
        "role.team_leader": "team leader",
        "role.team_member": "team member",
        "role.coordinator": "coordinator (科协)",
        "role.resident_short": "resident",
        "offer.taken_by": "{code} · taken by “{team}”",
        "offer.ended": "{code} · this order is {state}; there is nothing to accept",
    }
)

# Why a command was refused (the core raises a code with parameters; see error_text).
ZH.update(
    {
        "refused.refused": "操作未完成",
        "refused.forbidden": "无权限",
        "refused.stale": "操作已失效：该订单当前{state}",
        "refused.taken": "已被其他队伍接单",
        "refused.done_before": "您已办理过这一步：该订单当前{state}",
        "refused.yours": "您的队伍已接单",
        "refused.invalid": "输入有误",
        "refused.not_found": "订单不存在或已失效",
        "refused.expired": "操作已失效",
        "refused.reason_needed": "请说明原因",
        "refused.no_time_proposed": "服务队还没有提出时间",
        "refused.linked_elsewhere": "本群已绑定为「{team}」的服务队群",
        "refused.scope_unknown": "找不到{role}的范围：{scope}",
        "refused.role_not_held": "此人没有这个身份（可能已被撤销）",
        "refused.role_not_invitable": "不能邀请该角色：{role}",
        "refused.invite_format": "邀请码格式不对，请检查后重试",
        "refused.invite_unknown": "邀请码无效",
        "refused.invite_used": "邀请码已被使用",
        "refused.invite_expired": "邀请码已过期，请联系科协重新获取",
        "refused.invite_revoked": "邀请码已被科协撤销，请联系科协重新获取",
        "refused.invite_not_open": "这个邀请已经用过、过期或撤销，不能再撤销",
        "refused.account_taken": "账号 {account} 属于另一人（{other}）",
        "refused.field_too_long": "{field}太长：最多 {limit} 个字",
        "refused.field_empty": "{field}不能为空",
        "refused.field_invalid": "{field}不符合要求：{detail}",
        "refused.jurisdiction_closed": "该旗市暂未开通服务",
        "refused.task_unknown": "所选的方案任务不存在",
        "refused.station_unknown": "所选阵地不存在",
        "refused.agency_elsewhere": "请选择本旗市的部门",
        "refused.team_unknown": "找不到该服务队",
        "refused.no_matching_team": "没有与该订单匹配的服务队，请直接指定一支服务队",
        "refused.time_out_of_range": "请给出一年之内、晚于现在的时间",
        "refused.report_future": "服务日期不能晚于今天",
        "refused.report_early": "服务日期早于约定的服务时间；如确实提前完成，请注明提前完成",
        "refused.report_strangers": "名单中有不属于本服务队的队员",
        "refused.stars_range": "评分请选择 1 到 5 星",
        "refused.comment_too_long": "评价太长：最多 500 个字",
        "refused.reason_too_long": "原因太长：最多 500 个字",
        "refused.jurisdiction_unknown": "未启用的旗市：{jurisdiction}",
        "refused.period_open": "证明只能开到今天为止：{period}尚未结束",
        "refused.volunteer_unknown": "找不到该志愿者",
        "refused.no_volunteering": "{name}在{period}没有志愿服务记录",
        "refused.period_no_such_day": "日期不存在：{period}。" + _PERIOD_FORMS,
        "refused.period_reversed": "时间段的结束日期早于开始日期：{period}",
        "refused.period_unknown": "无法识别的时间段：{period}。" + _PERIOD_FORMS,
        "refused.phone_format": "电话号码格式不对：请输入11位手机号（如 13812345678）或带区号的座机号",
        "refused.web_link_unknown": "登录链接无效。请在 Telegram 里向机器人发送 /web 获取新的链接",
        "refused.web_link_used": "这个登录链接已经用过了（每个链接只能用一次）。请在 Telegram 里发送 /web 获取新的链接",
        "refused.web_link_expired": "登录链接已过期（10 分钟内有效）。请在 Telegram 里发送 /web 获取新的链接",
        "field.request_text": "需求描述",
        "field.audience": "服务对象",
        "field.place_detail": "地点",
        "field.expected_attendance": "预计人数",
        "field.preferred_label": "期望时间",
        "field.contact_phone": "联系电话",
        "field.station_id": "服务阵地",
        "field.rating": "评分",
        "field.comment": "评价",
        "field.hours": "时长",
        "field.volunteers": "志愿者人数",
        "field.attendance": "参加人数",
        "field.summary": "服务小结",
        "field.photos": "照片",
        "field.input": "输入",
        "detail.blank": "不能为空，也不能只有空白或不可见字符",
    }
)
EN.update(
    {
        "refused.forbidden": "Not allowed (无权限)",
        "refused.stale": "This action has expired: the order is now {state}",
        "refused.taken": "Another team took it first",
        "refused.done_before": "You did this already: the order is now {state}",
        "refused.yours": "Your team has this order already",
        "refused.not_found": "No such order, or it has expired",
        "refused.expired": "This action has expired (操作已失效)",
        "refused.reason_needed": "Please give a reason",
        "refused.no_time_proposed": "The team has not proposed a time yet",
        "refused.stars_range": "Choose 1 to 5 stars",
        "refused.time_out_of_range": "Give a time after now and within a year",
        "refused.phone_format": "Not a phone number: 11 digits for a mobile (13812345678), or a landline with its area code",
        "refused.refused": "The action was not completed",
        "refused.invalid": "Invalid input",
        "refused.linked_elsewhere": "This group is already the team group of “{team}”",
        "refused.scope_unknown": "No place found for the {role}: {scope}",
        "refused.role_not_held": "This person does not hold that role (it may have been revoked)",
        "refused.role_not_invitable": "This role cannot be invited: {role}",
        "refused.invite_format": "The invite code is not in the right form; please check it and try again",
        "refused.invite_unknown": "Invalid invite code",
        "refused.invite_used": "This invite code has been used already",
        "refused.invite_expired": "This invite code has expired; please ask the coordinator (科协) for a new one",
        "refused.invite_revoked": "This invite code was withdrawn by the coordinator (科协); please ask them for a new one",
        "refused.invite_not_open": "This invite was used, has expired or was withdrawn already; it cannot be withdrawn",
        "refused.account_taken": "The account {account} belongs to someone else ({other})",
        "refused.field_too_long": "{field} is too long: at most {limit} characters",
        "refused.field_empty": "{field} cannot be empty",
        "refused.field_invalid": "{field} is not valid: {detail}",
        "refused.jurisdiction_closed": "The service is not open in this banner or city yet",
        "refused.task_unknown": "The chosen plan task does not exist",
        "refused.station_unknown": "The chosen station does not exist",
        "refused.agency_elsewhere": "Please choose an agency of this banner or city",
        "refused.team_unknown": "No such volunteer team",
        "refused.no_matching_team": "No volunteer team matches this order; please pick one team yourself",
        "refused.report_future": "The service date cannot be later than today",
        "refused.report_early": "The service date is before the agreed service time; if it really was done early, please mark it as completed early",
        "refused.report_strangers": "The list names people who are not members of this team",
        "refused.comment_too_long": "The comment is too long: at most 500 characters",
        "refused.reason_too_long": "The reason is too long: at most 500 characters",
        "refused.jurisdiction_unknown": "Not an active banner or city: {jurisdiction}",
        "refused.period_open": "A certificate can only cover up to today: {period} has not ended yet",
        "refused.volunteer_unknown": "No such volunteer",
        "refused.no_volunteering": "{name} has no volunteer service record for {period}",
        "refused.period_no_such_day": "No such day: {period}. " + _PERIOD_FORMS_EN,
        "refused.period_reversed": "The period ends before it begins: {period}",
        "refused.period_unknown": "Not a period I can read: {period}. " + _PERIOD_FORMS_EN,
        "refused.web_link_unknown": "This sign-in link is not valid. Send /web to the bot in Telegram for a new link",
        "refused.web_link_used": "This sign-in link has been used already (each link works once). Send /web in Telegram for a new link",
        "refused.web_link_expired": "This sign-in link has expired (it lasts 10 minutes). Send /web in Telegram for a new link",
        "field.request_text": "Request",
        "field.audience": "Audience",
        "field.place_detail": "Place",
        "field.expected_attendance": "Expected attendance",
        "field.preferred_label": "Wished time",
        "field.contact_phone": "Phone number",
        "field.station_id": "Station",
        "field.rating": "Rating",
        "field.comment": "Comment",
        "field.hours": "Hours",
        "field.volunteers": "Number of volunteers",
        "field.attendance": "Attendance",
        "field.summary": "Summary",
        "field.photos": "Photos",
        "field.input": "Input",
        "detail.blank": "it must not be empty, nor only spaces or invisible characters",
    }
)

# The web console (handlers.web.console): what happened to an order, and who did it.
ZH.update(
    {
        "event.submitted": "居民点单",
        "event.dispatched": "派单",
        "event.rejected": "不予受理",
        "event.claimed": "领单",
        "event.declined": "部门退回阵地",
        "event.published": "发布给服务队",
        "event.accepted": "服务队接单",
        "event.withdrawn": "服务队退出",
        "event.time_proposed": "提议服务时间",
        "event.time_confirmed": "居民确认时间",
        "event.done": "报告完成",
        "event.rated": "居民评价",
        "event.commented": "居民补充评价",
        "event.cancelled": "居民取消",
        "event.reassigned_agency": "改派部门",
        "event.reassigned_team": "改派服务队",
        "event.auto_closed": "自动办结",
        "event.released": "未按时约定时间，退回部门",
        "event.republished": "扩大发布到邻近阵地的服务队",
        "event.marked_urgent": "标为应急科普",
        "event.task_set": "更正方案任务",
        "event.reminded_new": "提醒阵地派单",
        "event.reminded_dispatched": "提醒部门领单",
        "event.reminded_claimed": "提醒部门发布",
        "event.reminded_accepted": "提醒服务队约定时间",
        "event.reminded_upcoming": "服务前提醒",
        "event.reminded_report": "提醒服务队报告完成",
        "event.reminded_rating": "提醒居民评价",
        "event.escalated_new": "超时，报告科协",
        "event.escalated_dispatched": "超时，报告科协",
        "event.escalated_claimed": "超时，报告科协",
        "event.escalated_report": "超时，报告科协",
        "party.resident": "居民",
        "party.station": "阵地",
        "party.coordinator": "科协",
        "party.agency": "部门",
        "party.offered_team": "服务队",
        "party.order_team": "服务队",
        "party.system": "系统",
        "refused.filter_invalid": "筛选条件不对：{field}",
        "console.csrf": "表单已失效（安全校验未通过），什么也没有改变。请回到上一页，刷新后再提交。",
        "console.login_form": "登录表单已失效，什么也没有改变。请重新打开 Telegram 里收到的链接。",
        "console.not_found": "没有这个页面。",
        "console.dispatch": "派单",
        "console.publish_one": "指定这支服务队",
        "console.done": "已办理：{what}。相关人员会在 Telegram 里收到通知。",
        "console.again": "这一步已经办理过（{what}），没有重复办理。",
        "refused.place_id_taken": "编号 {id} 已被使用，请换一个",
        "refused.place_unknown": "找不到这个阵地或服务队",
        "refused.parent_invalid": "上级阵地不对：须是本旗市的另一个阵地，且不能是它自己的下级",
        "field.id": "编号",
        "field.name": "名称",
        "field.kind": "类型",
        "field.level": "级别",
        "field.parent": "上级阵地",
        "field.actions": "服务的行动",
        "field.tasks": "服务的任务",
        "field.stations": "服务的阵地",
        "field.page": "页码",
        "field.state": "状态",
        "field.action": "行动",
        "field.period": "时间段",
        "field.search": "搜索词",
    }
)
EN.update(
    {
        "event.submitted": "Resident placed the order",
        "event.dispatched": "Dispatched",
        "event.rejected": "Rejected",
        "event.claimed": "Claimed",
        "event.declined": "Agency returned it to the station",
        "event.published": "Published to teams",
        "event.accepted": "Team accepted",
        "event.withdrawn": "Team withdrew",
        "event.time_proposed": "Time proposed",
        "event.time_confirmed": "Resident confirmed the time",
        "event.done": "Completion reported",
        "event.rated": "Resident rated",
        "event.commented": "Resident added a comment",
        "event.cancelled": "Resident cancelled",
        "event.reassigned_agency": "Agency reassigned",
        "event.reassigned_team": "Team reassigned",
        "event.auto_closed": "Closed automatically",
        "event.released": "No time agreed in time; back to the agency",
        "event.republished": "Published to the teams of nearby stations too",
        "event.marked_urgent": "Marked urgent",
        "event.task_set": "Plan task corrected",
        "event.reminded_new": "Station reminded to dispatch",
        "event.reminded_dispatched": "Agency reminded to claim",
        "event.reminded_claimed": "Agency reminded to publish",
        "event.reminded_accepted": "Team reminded to agree a time",
        "event.reminded_upcoming": "Reminder before the service",
        "event.reminded_report": "Team reminded to report completion",
        "event.reminded_rating": "Resident reminded to rate",
        "event.escalated_new": "Overdue; reported to the coordinator (科协)",
        "event.escalated_dispatched": "Overdue; reported to the coordinator (科协)",
        "event.escalated_claimed": "Overdue; reported to the coordinator (科协)",
        "event.escalated_report": "Overdue; reported to the coordinator (科协)",
        "party.resident": "Resident",
        "party.station": "Station",
        "party.coordinator": "Coordinator (科协)",
        "party.agency": "Agency",
        "party.offered_team": "Team",
        "party.order_team": "Team",
        "party.system": "System",
        "refused.filter_invalid": "Invalid filter: {field}",
        "console.csrf": "The form has expired (the security check failed); nothing was changed. Go back, reload the page and submit again.",
        "console.login_form": "The sign-in form has expired; nothing was changed. Please open the link you received in Telegram again.",
        "console.not_found": "There is no such page.",
        "console.dispatch": "Dispatch",
        "console.publish_one": "Assign this team",
        "console.done": "Done: {what}. Those concerned will be told in Telegram.",
        "console.again": "This step was done already ({what}); it was not done twice.",
        "refused.place_id_taken": "The id {id} is taken; please choose another",
        "refused.place_unknown": "No such station or team",
        "refused.parent_invalid": "Wrong parent station: it must be another station of this banner or city, and not one under it",
        "field.id": "Id",
        "field.name": "Name",
        "field.kind": "Type",
        "field.level": "Level",
        "field.parent": "Parent station",
        "field.actions": "Actions served",
        "field.tasks": "Tasks served",
        "field.stations": "Stations served",
        "field.page": "Page",
        "field.state": "State",
        "field.action": "Action",
        "field.period": "Period",
        "field.search": "Search words",
    }
)

# Parameters that name something the reader should see in their own language.
_NAMED = {"state": "state", "role": "role", "field": "field", "detail": "detail"}


def _named(locale: str, key: str, value: Any) -> Any:
    words = f"{_NAMED[key]}.{value}" if key in _NAMED else None
    return t(locale, words) if words and words in ZH else value


def error_text(locale: str, code: str, params: dict[str, Any]) -> str:
    """Why a command was refused, in `locale` (Chinese where the locale lacks the words)."""
    named = {key: _named(locale, key, value) for key, value in params.items()}
    key = f"refused.{code}"
    if key not in ZH:
        return t(locale, "refused.refused")
    template = LOCALES.get(locale, ZH).get(key) or ZH[key]
    return template.format(**named) if named else template


class Refused(Protocol):
    """A refused command as the core raises it: a code and its parameters, no words."""

    code: str
    params: dict[str, Any]


def refused_words(locale: str, error: Refused) -> str:
    """Why `error`'s command was refused, worded for a reader in `locale`."""
    return error_text(locale, error.code, error.params)


# Roles: what each invited role is for (printed with seed invites), and how a held role reads.
ZH.update(
    {
        "role.held": "{place}的{role}",
        "overdue.new": "阵地超过 {h} 小时未派单",
        "overdue.dispatched": "部门超过 {h} 小时未领单",
        "overdue.claimed": "领单后超过 {h} 小时无服务队接单",
        "overdue.accepted": "服务队接单后超过 {h} 小时未约定时间，订单已退回部门",
        "overdue.scheduled": "服务时间已过 {h} 小时，服务队仍未报告完成",
        "role.label": "{place} · {role}",
        "role_use.coordinator": "统筹全旗：邀请阵地、部门和服务队人员，看统计，改派订单",
        "role_use.station": "审核本阵地收到的居民点单，派给部门或说明不予受理",
        "role_use.agency": "领取派给本部门的订单（或退回），发布给服务队",
        "role_use.team_leader": "接单、与居民约定时间、报告完成；可在服务队群里发送 /link 绑定群",
        "role_use.team_member": "接单、与居民约定时间、报告完成",
    }
)
EN.update(
    {
        "role.held": "{role} of {place}",
        "overdue.new": "the station has not dispatched it for over {h} hours",
        "overdue.dispatched": "the agency has not claimed it for over {h} hours",
        "overdue.claimed": "no team has accepted it for over {h} hours since it was claimed",
        "overdue.accepted": "the team has not agreed a time for over {h} hours since accepting; the order went back to the agency",
        "overdue.scheduled": "the service time passed {h} hours ago and the team has not reported completion",
        "role.label": "{place} · {role}",
        "role_use.coordinator": "coordinates the banner: invites station, agency and team staff, sees the statistics, reassigns orders",
        "role_use.station": "reviews the residents' orders placed at the station, dispatches them to an agency or says why not",
        "role_use.agency": "claims the orders dispatched to the agency (or returns them) and publishes them to teams",
        "role_use.team_leader": "accepts orders, agrees times with residents, reports completion; links the team's group by sending /link there",
        "role_use.team_member": "accepts orders, agrees times with residents, reports completion",
    }
)

# What people type for a role when they invite someone (/invite 部门 旗农牧局).
_ROLE_WORDS = {
    "科协": "coordinator",
    "阵地": "station",
    "部门": "agency",
    "队长": "team_leader",
    "队员": "team_member",
}


def role_from_words(text: str) -> str | None:
    """The role (its id) someone typed: a short word (阵地), a role's full name in any
    locale (阵地工作人员, station officer), or the id itself."""
    text = text.strip()
    if text in _ROLE_WORDS:
        return _ROLE_WORDS[text]
    for words in LOCALES.values():
        for key, value in words.items():
            if key.startswith("role.") and key.count(".") == 1 and text in (value, key[5:]):
                return key.split(".", 1)[1]
    return None


def named_params(locale: str, params: dict[str, Any]) -> dict[str, Any]:
    """Parameters with the names of states, roles and fields in `locale`."""
    return {key: _named(locale, key, value) for key, value in params.items()}


# Accountability: plan progress, reports, entered figures, volunteer records.
ZH.update(
    {
        "progress.status.done": "已完成",
        "progress.status.on_track": "进度正常",
        "progress.status.behind": "滞后",
        "progress.status.to_enter": "待填报",
        "progress.status.not_started": "未开始",
        "progress.head": "📈 {plan}{period}规划进度（截至 {today}，时间进度 {elapsed}）",
        "progress.counted": "订单计数：完成服务 {sessions} 场次，服务 {people} 人次，志愿服务 {hours} 小时",
        "progress.unassigned": "（其中 {n} 场次未归入方案任务）",
        "progress.action": "【{title}】{sessions} 场次、{people} 人次；{targets}",
        "progress.action_targets": "指标 {n} 项：{statuses}",
        "progress.action_none": "无量化指标",
        "progress.status_count": "{status} {n}",
        "progress.foot": "按下方按钮看各行动的任务明细；「填报进度」录入订单无法计量的指标。换时间段：/progress 2026H1、/progress 2026-11。",
        "progress.button_entry": "✍️ 填报进度",
        "progress.action_head": "【{title}】{plan}{period}",
        "progress.task": "{id} {title}（牵头：{lead}）",
        "progress.task_sessions": "  订单计数 {sessions} 场次、{people} 人次",
        "progress.target": "  · {metric}：本期目标 {goal}{unit}，{source} {achieved}{share}{status}",
        "progress.target_share": "（{share}，应达 {expected}）",
        "progress.source.counted": "订单计数",
        "progress.source.entered": "人工填报",
        "progress.target_waiting": "  · {metric}：本期目标 {goal}{unit}，订单无法计量，待填报",
        "progress.no_targets": "  · 无量化指标",
        "progress.none_held": "/progress 供科协、部门、阵地和服务队查看进度；您目前没有这些身份。",
        "progress.digest": "规划进度（{period}，时间进度 {elapsed}）：{statuses}",
        "entry.pick": "选择要填报的指标（订单无法计量的指标，共 {n} 项）：",
        "entry.none": "本方案没有需要人工填报的指标。",
        "entry.amount": "填报「{task} {metric}」（本期目标 {goal}{unit}）。\n请输入本次完成的数量（单位：{unit}）；更正此前的填报请输入负数，如 -1。/cancel 取消",
        "entry.bad_amount": "请输入一个数字，如 2 或 1.5；更正请输入负数，如 -1。",
        "entry.note": "请用一句话说明（如：新建成××嘎查科普e站）：",
        "entry.date": "这项进展是哪天完成的？回复「今天」或日期，如 11月30日。",
        "entry.saved": "✅ 已记录：{task} {metric} {amount}{unit}（{date}，{note}）。\n{plan}{period}人工填报累计 {total}{unit} / 本期目标 {goal}{unit}。",
        "entry.again": "这条填报已记录过，没有重复记录。",
        "report.preparing": "正在生成{plan}{period}报表（文字、图表和 Excel 工作簿），请稍候…",
        "report.workbook_caption": "{title}规划进度报表（Excel，{sheets} 张表：{names}）",
        "report.chart.monthly": "每月完成服务（按行动）",
        "report.chart.progress": "规划指标完成率",
        "report.chart.response": "各部门平均用时",
        "report.failed": "报表生成失败，请稍后再试。",
        "report.only_coordinator": "/report 供科协生成报表；部门、阵地和服务队请用 /progress 查看本单位进度。",
        "monthly.coordinator": "📅 {plan}{period}科普服务月报：完成服务 {sessions} 场次，服务 {people} 人次，志愿服务 {hours} 小时；滞后指标 {behind} 项，待填报 {waiting} 项。附件为本月报表（{sheets} 张表）。",
        "agency.view_head": "🏛 {agency} · {period}",
        "agency.view_figures": "本期完成服务 {completed} 单，{rating}，志愿服务 {hours} 小时；待办订单 {waiting} 单",
        "agency.view_tasks": "牵头或参与的方案任务（{n} 项）：",
        "agency.view_no_tasks": "方案中没有由本部门牵头或参与的任务。",
        "agency.view_task": "{id} {title}{lead}",
        "agency.view_lead": "（牵头）",
        "station.view_head": "🏠 {station} · {period}",
        "station.view_figures": "本期完成服务 {completed} 单，{rating}，志愿服务 {hours} 小时",
        "station.view_open": "在办订单：{states}",
        "team.view_head": "👥 {team} · {period}",
        "team.view_figures": "本期服务 {services} 次，志愿服务 {hours} 小时（人·时），积分 {points}；记名队员 {volunteers} 人",
        "team.view_none": "本期还没有完成的服务。",
        "team.view_member": "  {name}：{services} 次，{hours} 小时，积分 {points}",
        "view.rating": "平均评分 {rating} 星（{n} 条）",
        "view.unrated": "暂无评分",
        "me.head": "🙋 我的志愿服务",
        "me.year": "{year}年：服务 {services} 次，时长 {hours} 小时，积分 {points}",
        "me.all": "累计：服务 {services} 次，时长 {hours} 小时，积分 {points}",
        "me.recent": "最近的服务：",
        "me.service": "{date} {code} {team} {hours} 小时｜{content}",
        "me.none": "您还没有志愿服务记录。服务队报告完成后，时长和积分会记在这里。",
        "me.certificate": "开具志愿服务记录证明：/certificate（今年至今），或 /certificate 2025、/certificate 2026H1",
        "certificate.caption": "志愿服务记录证明 {number}：{name}，{period}，服务 {services} 次，累计 {hours} 小时。同一时间段再次开具，编号和内容不变。",
        "certificate.usage": "开具志愿服务记录证明：/certificate 时间段，如 /certificate 2025；科协为队员开具：/certificate 时间段 志愿者编号（编号见报表的“志愿者时长”表）",
        "refused.amount_range": "数量须不为 0，且绝对值不超过 {limit}",
        "refused.target_counted": "该指标按订单自动计数，无需人工填报",
        "refused.entry_future": "完成日期不能晚于今天",
        "refused.entry_before_plan": "完成日期不能早于方案开始的 {year} 年",
        "field.note": "说明",
    }
)
EN.update(
    {
        "progress.status.done": "done",
        "progress.status.on_track": "on track",
        "progress.status.behind": "behind",
        "progress.status.to_enter": "to enter",
        "progress.status.not_started": "not started",
        "progress.head": "📈 {plan}, {period}: plan progress (as of {today}; {elapsed} of the period gone)",
        "progress.counted": "Counted from orders: {sessions} services, {people} people served, {hours} volunteer hours",
        "progress.unassigned": " ({n} of the services are under no plan task)",
        "progress.action": "【{title}】{sessions} services, {people} people served; {targets}",
        "progress.action_targets": "{n} targets: {statuses}",
        "progress.action_none": "no measurable targets",
        "progress.status_count": "{status} {n}",
        "progress.foot": "Tap a button below for each action's tasks; “✍️ Enter progress” records targets that orders cannot count. Another period: /progress 2026H1, /progress 2026-11.",
        "progress.button_entry": "✍️ Enter progress",
        "progress.action_head": "【{title}】{plan}, {period}",
        "progress.task": "{id} {title} (lead: {lead})",
        "progress.task_sessions": "  Counted from orders: {sessions} services, {people} people served",
        "progress.target": "  · {metric}: goal {goal} {unit} this period, {source} {achieved}{share}; {status}",
        "progress.target_share": " ({share}; {expected} due by now)",
        "progress.source.counted": "counted from orders",
        "progress.source.entered": "entered by hand",
        "progress.target_waiting": "  · {metric}: goal {goal} {unit} this period; orders cannot count it, to be entered",
        "progress.no_targets": "  · no measurable targets",
        "progress.none_held": "/progress shows progress to the coordinator (科协), agencies, stations and teams; you hold none of these roles now.",
        "progress.digest": "Plan progress ({period}, {elapsed} of the period gone): {statuses}",
        "entry.pick": "Choose the target to enter ({n} targets that orders cannot count):",
        "entry.none": "This plan has no targets to enter by hand.",
        "entry.amount": "Entering “{task} {metric}” (goal this period: {goal} {unit}).\nSend the amount done this time (unit: {unit}); to correct an earlier entry send a negative number, e.g. -1. /cancel to cancel",
        "entry.bad_amount": "Please send a number, e.g. 2 or 1.5; to correct, a negative number, e.g. -1.",
        "entry.note": "Add a one-line note (e.g. a new science e-station opened in ×× gacha):",
        "entry.date": "On which day was this done? Reply 今天 (today) or a date, e.g. 11月30日 or 2026-11-30.",
        "entry.saved": "✅ Recorded: {task} {metric} {amount} {unit} ({date}, {note}).\n{plan}, {period}, entered by hand so far: {total} {unit} / goal {goal} {unit}.",
        "entry.again": "This entry was recorded already; it was not recorded twice.",
        "report.preparing": "Preparing the report of {plan} for {period} (text, charts and an Excel workbook), please wait…",
        "report.workbook_caption": "{title}: plan progress report (Excel, {sheets} sheets: {names})",
        "report.chart.monthly": ": services completed per month (by action)",
        "report.chart.progress": ": share of plan targets reached",
        "report.chart.response": ": average time taken by each agency",
        "report.failed": "The report could not be made; please try again later.",
        "report.only_coordinator": "/report makes reports for the coordinator (科协); agencies, stations and teams can see their own progress with /progress.",
        "monthly.coordinator": "📅 {plan}, monthly science service report for {period}: {sessions} services, {people} people served, {hours} volunteer hours; {behind} targets behind, {waiting} to be entered. Attached: this month's report ({sheets} sheets).",
        "agency.view_head": "🏛 {agency} · {period}",
        "agency.view_figures": "This period: {completed} services completed, {rating}, {hours} volunteer hours; {waiting} orders waiting",
        "agency.view_tasks": "Plan tasks the agency leads or shares ({n}):",
        "agency.view_no_tasks": "The plan has no task led or shared by this agency.",
        "agency.view_task": "{id} {title}{lead}",
        "agency.view_lead": " (lead)",
        "station.view_head": "🏠 {station} · {period}",
        "station.view_figures": "This period: {completed} services completed, {rating}, {hours} volunteer hours",
        "station.view_open": "Open orders: {states}",
        "team.view_head": "👥 {team} · {period}",
        "team.view_figures": "This period: {services} services, {hours} volunteer hours (person-hours), {points} points; {volunteers} named volunteers",
        "team.view_none": "No service completed in this period yet.",
        "team.view_member": "  {name}: {services} services, {hours} hours, {points} points",
        "view.rating": "average rating {rating} stars ({n} ratings)",
        "view.unrated": "no ratings yet",
        "me.head": "🙋 My volunteer service",
        "me.year": "{year}: {services} services, {hours} hours, {points} points",
        "me.all": "In all: {services} services, {hours} hours, {points} points",
        "me.recent": "Latest services:",
        "me.service": "{date} {code} {team} {hours} h | {content}",
        "me.none": "You have no volunteer service record yet. Once your team reports a service, its hours and points are recorded here.",
        "me.certificate": "For a certificate of your volunteer service: /certificate (this year so far), or /certificate 2025, /certificate 2026H1",
        "certificate.caption": "Volunteer service certificate (志愿服务记录证明) {number}: {name}, {period}, {services} services, {hours} hours in all. Issued again for the same period, it keeps the same number and content.",
        "certificate.usage": "For a volunteer service certificate: /certificate PERIOD, e.g. /certificate 2025; the coordinator (科协), for a volunteer: /certificate PERIOD VOLUNTEER_ID (the ids are in the report's “志愿者时长” sheet)",
        "refused.amount_range": "The amount must not be 0, and at most {limit} either way",
        "refused.target_counted": "This target is counted from orders; it needs no entry by hand",
        "refused.entry_future": "The date cannot be later than today",
        "refused.entry_before_plan": "The date cannot be before {year}, when the plan began",
        "field.note": "Note",
    }
)
