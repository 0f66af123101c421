"""The API's documentation renders offline: Swagger UI and ReDoc of the merged OpenAPI, the AsyncAPI page, and each
service's own Swagger UI — in headless Chromium that may reach nothing but this machine."""

from __future__ import annotations

from .browser import chromium_page
from .support import RunningPlatform


async def test_swagger_ui_redoc_and_asyncapi_render_without_internet(platform: RunningPlatform) -> None:
    outside: list[str] = []
    async with chromium_page(outside) as page:
        await page.goto(f"{platform.gateway}/api/v1/docs")
        await page.wait_for_selector(".opblock", timeout=30_000)
        operations = await page.locator(".opblock").count()
        assert operations > 100, f"Swagger UI shows the operations ({operations})"

        await page.goto(f"{platform.gateway}/api/v1/redoc")
        await page.wait_for_selector("[data-section-id^='tag/']", timeout=60_000)
        assert "Invalid" not in await page.title()
        assert await page.get_by_text("The Totaalopgave", exact=False).count() > 0, "ReDoc shows operations"

        await page.goto(f"{platform.gateway}/api/v1/asyncapi.html")
        assert await page.locator("h3").count() > 40, "every message type"
        assert await page.locator("h3", has_text="nl.stuurcyclus.gesprekstafels.besluit.genomen.v1").count() == 1

        await page.goto(f"{platform.service('sporen')}/api/v1/sporen/docs")
        await page.wait_for_selector(".opblock", timeout=30_000)
    assert outside == [], f"the docs asked the internet for {outside}"
