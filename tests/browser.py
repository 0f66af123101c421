"""Debian's Chromium (installed by `make test` where it can), driven by Playwright without downloading a browser."""

from __future__ import annotations

import shutil
from contextlib import asynccontextmanager

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@asynccontextmanager
async def chromium_page(outside: list[str] | None = None):  # noqa: ANN201
    """A page in headless Chromium that may reach only 127.0.0.1 (every other request is refused and recorded in
    `outside`): what renders, renders without internet."""
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (`make test` installs it where it can)")
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = await browser.new_page()

            async def local_only(route) -> None:  # noqa: ANN001
                url = route.request.url
                if url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")):
                    await route.continue_()
                else:
                    if outside is not None:
                        outside.append(url)
                    await route.abort()

            await page.route("**/*", local_only)
            yield page
        finally:
            await browser.close()
