"""The sandbox's page and what it calls: what each demo person does, what changed, time travel.

Every action is JSON posted by the page's script: a form on another site cannot post
JSON here without the browser asking first (CORS), so a page elsewhere cannot play
with the demo.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import quote

from aiohttp import web

from bot.domain.clock import TravelClock
from handlers.telegram.emulator import Emulator
from handlers.web.sandbox import views
from handlers.web.sandbox.cast import Cast, Pane
from handlers.web.server import TEMPLATES, TICK, Part, render

FOLLOW_FOR = 20.0  # seconds a request for changes waits when nothing has changed
ANSWER_WITHIN = 5.0  # seconds a press waits for the bot's answer (its toast)
MAX_TRAVEL_HOURS = 24 * 30
MAX_TEXT = 4096  # Telegram's limit for one message


@dataclass
class Demo:
    emulator: Emulator
    clock: TravelClock
    cast: Cast
    closing: asyncio.Event = field(default_factory=asyncio.Event)


DEMO = web.AppKey("sandbox", Demo)


class Refused(Exception):
    def __init__(self, status: int, error: str) -> None:
        super().__init__(error)
        self.status, self.error = status, error


def add_part(demo: Demo) -> Part:
    def add_routes(app: web.Application) -> None:
        app[DEMO] = demo
        app[TEMPLATES].globals["linked"] = views.linked
        app.router.add_get("/", page)
        app.router.add_get("/sandbox/changes", changes)
        app.router.add_post("/sandbox/say", say)
        app.router.add_post("/sandbox/press", press)
        app.router.add_post("/sandbox/tap", tap)
        app.router.add_post("/sandbox/photo", photo)
        app.router.add_post("/sandbox/travel", travel)
        app.router.add_get("/sandbox/files/{path:.+}", download)
        app.on_shutdown.append(_release_followers)

    return add_routes


async def _release_followers(app: web.Application) -> None:
    """Stopping: pages waiting for changes are answered now, not in 20 s, and so is the
    bot's own long poll (it was told to stop already)."""
    app[DEMO].closing.set()
    app[DEMO].emulator.close()


# --- reading --------------------------------------------------------------------------


async def page(request: web.Request) -> web.Response:
    demo = request.app[DEMO]
    panes = [views.pane(demo.emulator, p) for p in demo.cast.panes]
    return render(
        request,
        "sandbox/page.html",
        panes=panes,
        clock=views.clock(demo.clock),
        version=demo.emulator.version,
        ready=demo.cast.ready.is_set(),
    )


async def changes(request: web.Request) -> web.Response:
    """What changed since `since`: each changed pane drawn again, and the bot's clock.
    Waits up to FOLLOW_FOR seconds for a change first."""
    demo = request.app[DEMO]
    since = _int(request.query.get("since", "0"), "since")
    emu = demo.emulator
    if since == emu.version:
        await _change_or_closing(demo, since)
    keys = _changed(demo, since)
    templates = request.app[TEMPLATES]
    drawn = {
        key: views.drawn(templates, emu, pane)
        for key in keys
        if (pane := demo.cast.pane(key)) is not None
    }
    return web.json_response(
        {
            "version": emu.version,
            "ready": demo.cast.ready.is_set(),
            "clock": views.clock_drawn(templates, demo.clock),
            "panes": drawn,
        }
    )


def _changed(demo: Demo, since: int) -> list[str]:
    """The panes whose chats changed after `since`, in the page's order."""
    if since > demo.emulator.version:  # a page from an earlier start: everything is new
        return [p.key for p in demo.cast.panes]
    keys: set[str] = set()
    for change in demo.emulator.changes_since(since):
        if change.kind == "answer":
            continue  # a toast, given to the press that asked for it
        chat = None if change.kind == "reset" else change.chat_id
        keys.update(p.key for p in demo.cast.panes_of(chat))
    return [p.key for p in demo.cast.panes if p.key in keys]


async def _change_or_closing(demo: Demo, since: int) -> None:
    change = asyncio.ensure_future(demo.emulator.wait_for_change(since, FOLLOW_FOR))
    closing = asyncio.ensure_future(demo.closing.wait())
    await asyncio.wait([change, closing], return_when=asyncio.FIRST_COMPLETED)
    for waiter in (change, closing):
        waiter.cancel()


async def download(request: web.Request) -> web.Response:
    stored = request.app[DEMO].emulator.files.by_path(request.match_info["path"])
    if stored is None:
        raise web.HTTPNotFound()
    headers = {}
    if stored.kind == "document":  # saved under the name the bot gave it
        headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(stored.file_name)}"
    return web.Response(body=stored.content, content_type=stored.mime_type or None, headers=headers)


# --- what the demo people do ----------------------------------------------------------


def _action(handler: Any) -> Any:
    """Read the JSON body, find the pane, run the handler; refusals become JSON errors."""

    async def run(request: web.Request) -> web.Response:
        try:
            if request.content_type != "application/json":
                raise Refused(415, "请以 JSON 发送")
            try:
                body = await request.json()
            except ValueError:
                raise Refused(400, "不是有效的 JSON") from None
            if not isinstance(body, dict):
                raise Refused(400, "不是有效的 JSON")
            result = await handler(request.app, body)
        except Refused as refused:
            return web.json_response({"error": refused.error}, status=refused.status)
        except ValueError as exc:  # the emulator's: no such button, not a picture, …
            return web.json_response({"error": str(exc)}, status=400)
        return web.json_response({"ok": True, **result})

    return run


def _pane(demo: Demo, body: dict[str, Any]) -> Pane:
    pane = demo.cast.pane(str(body.get("pane", "")))
    if pane is None:
        raise Refused(404, "没有这个窗口")
    return pane


def _int(value: Any, name: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Refused(400, f"{name} 应为整数") from None


@_action
async def say(app: web.Application, body: dict[str, Any]) -> dict[str, Any]:
    demo = app[DEMO]
    pane = _pane(demo, body)
    text = str(body.get("text", "")).strip()
    if not text or len(text) > MAX_TEXT:
        raise Refused(400, f"消息应为 1 到 {MAX_TEXT} 个字")
    update = demo.emulator.people.say(pane.actor, text, pane.chat_id)
    return {"seen": update is not None}  # in a group the bot sees commands only


@_action
async def press(app: web.Application, body: dict[str, Any]) -> dict[str, Any]:
    """Press an inline button; answers with the bot's answer to the press (its toast)."""
    demo = app[DEMO]
    pane = _pane(demo, body)
    message = demo.emulator.world.message(pane.chat_id, _int(body.get("message"), "message"))
    if message is None:
        raise Refused(404, "消息不存在")
    query = demo.emulator.people.press(pane.actor, message, str(body.get("data", "")))
    answer = await _answer(demo.emulator, query)
    shown = {"text": answer.text, "alert": answer.show_alert} if answer else None
    return {"answer": shown}


async def _answer(emulator: Emulator, query: str) -> Any:
    deadline = time.monotonic() + ANSWER_WITHIN
    version = emulator.version
    while (answer := emulator.answer(query)) is None:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        version = await emulator.wait_for_change(version, left)
    return answer


@_action
async def tap(app: web.Application, body: dict[str, Any]) -> dict[str, Any]:
    """Tap a button of the reply keyboard (the share-phone button shares the contact)."""
    demo = app[DEMO]
    pane = _pane(demo, body)
    if pane.chat_id != pane.actor:
        raise Refused(400, "群聊里没有这个键盘")
    demo.emulator.people.tap(pane.actor, str(body.get("label", "")))
    return {}


@_action
async def photo(app: web.Application, body: dict[str, Any]) -> dict[str, Any]:
    """Send a picture, given as a data: URL or plain base64."""
    demo = app[DEMO]
    pane = _pane(demo, body)
    data = str(body.get("data", ""))
    try:
        content = base64.b64decode(data.split(",", 1)[-1], validate=True)
    except (binascii.Error, ValueError):
        raise Refused(400, "图片数据无效") from None
    caption = str(body.get("caption", "")).strip()[:1024]
    demo.emulator.people.send_photo(pane.actor, content, caption, pane.chat_id)
    return {}


@_action
async def travel(app: web.Application, body: dict[str, Any]) -> dict[str, Any]:
    """Move the bot's clock forward an hour at a time, running the minute tick after each
    hour, so that what fell due on the way (a reminder two hours before the service,
    which is pointless once the service began) is sent as it would have been."""
    demo = app[DEMO]
    hours = _int(body.get("hours"), "hours")
    if not 1 <= hours <= MAX_TRAVEL_HOURS:
        raise Refused(400, f"一次可以快进 1 到 {MAX_TRAVEL_HOURS} 小时")
    for _ in range(hours):
        demo.clock.travel(timedelta(hours=1))
        await app[TICK]()
    return {"clock": views.clock_drawn(app[TEMPLATES], demo.clock)}
