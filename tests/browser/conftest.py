"""Headless Chromium (Debian's, at /usr/bin/chromium) driven by Playwright.

Where Chromium is missing these tests skip with one line saying so, unless
REQUIRE_BROWSER_TESTS is set (CI sets it): then a missing browser is a failure.
Screenshots of every page visited go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
# Background networking off: this machine's closed network refuses those connections.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _need_browser() -> None:
    if CHROMIUM.exists():
        return
    why = f"{CHROMIUM} not installed (./dev.sh test installs it when run as root)"
    if os.environ.get("REQUIRE_BROWSER_TESTS"):
        pytest.fail(f"browser tests are required here, but {why}")
    pytest.skip(why)


@pytest.fixture
async def browser():
    _need_browser()
    from playwright.async_api import async_playwright

    async with async_playwright() as driver:
        chromium = await driver.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=ARGS
        )
        yield chromium
        await chromium.close()


@pytest.fixture
async def page(browser):
    context = await browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    yield page
    await context.close()


async def screenshot(page, name: str) -> Path:
    """Keep what the page looks like now, as a test artifact."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    await page.screenshot(path=str(path), full_page=True)
    return path
