"""The web channel: the staff console, and (without a Telegram token) the sandbox.

Server-rendered pages (aiohttp + Jinja2), no build step. Like the Telegram
adapter, it parses a request, calls one service and renders the answer; it
never runs SQL.
"""
