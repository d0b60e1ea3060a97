"""What the browser tests share: Debian's Chromium driven by Playwright, and where screenshots go.

Screenshots go to a scratch folder; ``GONGKAI_SCREENSHOT_DIR=docs/images uv run pytest tests/web`` refreshes the
committed ones in ``docs/images`` (a plain test run must not rewrite tracked files).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from system_packages import in_ci, require

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
IMAGES = Path(os.environ.get("GONGKAI_SCREENSHOT_DIR") or Path(tempfile.gettempdir()) / "gongkai-screenshots")
# Headless, and without the background connections this machine's closed network refuses.
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: Marks for a module of browser tests: skipped, with the reason, when Chromium is missing (under CI=true they
#: run, and fail in :func:`open_browser_page`: see ``system_packages``).
BROWSER_MARKS = [
    pytest.mark.skipif(
        CHROMIUM is None and not in_ci(), reason="Chromium is not installed (apt-get install chromium)"
    ),
    pytest.mark.django_db(transaction=True),
    pytest.mark.slow,
]


@contextmanager
def open_browser_page(width: int, timeout_ms: int, **context_options: Any) -> Iterator[Any]:
    """A page in a fresh headless Chromium (Playwright is imported only here, so its absence skips)."""
    require(CHROMIUM is not None, "Chromium", "apt-get install chromium")
    try:
        from playwright import sync_api
    except ImportError:
        require(False, "Playwright (python)", "uv sync")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(
            viewport={"width": width, "height": 900}, locale="zh-CN", **context_options
        )
        page = context.new_page()
        page.set_default_timeout(timeout_ms)
        # the Content-Security-Policy must block nothing the pages need: Chromium reports each refusal
        blocked: list[str] = []
        page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
        try:
            yield page
            assert blocked == [], blocked
        finally:
            context.close()
            browser.close()


def screenshot(page: Any, name: str, full: bool = True) -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(IMAGES / f"{name}.png"), full_page=full)


def login(page: Any, base: str, username: str) -> None:
    """Sign in as a demo account (signing out first if someone is signed in); lands on the work queue."""
    if page.locator("form[action='/logout/'] button").count():
        page.click("form[action='/logout/'] button")
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "gongkai-demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/applications/queue/")
