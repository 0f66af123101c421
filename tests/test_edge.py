"""Hardening at the edge (the gateway in-process: size limit, rate limit, CORS, security headers) and the live
server-sent events stream through the real gateway, filtered by what each caller may see."""

from __future__ import annotations

import asyncio
import json

import httpx
from gateway.main import create_app
from gateway.settings import GatewaySettings
from stuurcyclus_local.embedded import free_port

from .support import RunningPlatform, auth_headers, unique_tenant


async def test_size_limit_rate_limit_cors_and_security_headers() -> None:
    settings = GatewaySettings(
        sporen_url=f"http://127.0.0.1:{free_port()}",  # nothing listens: what passes the edge gets a 503
        max_body_bytes=1000,
        rate_limit_per_minute=60,
        rate_limit_burst=5,
        cors_origins=["https://app.zwolle.nl"],
        log_json=False,
    )
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.fastapi.router.lifespan_context(app.fastapi),
        httpx.AsyncClient(transport=transport, base_url="https://gateway") as client,
    ):
        big = await client.post(
            "/api/v1/sporen/sporen", content=b"x" * 2000, headers={"Content-Type": "application/json"}
        )
        assert big.status_code == 413 and big.json()["code"] == "te_groot"

        passed = await client.get("/api/v1/sporen/sporen", headers={"Origin": "https://app.zwolle.nl"})
        assert passed.status_code == 503  # through the edge to an absent service
        assert passed.headers["access-control-allow-origin"] == "https://app.zwolle.nl"
        for header, value in {
            "x-content-type-options": "nosniff",
            "x-frame-options": "DENY",
            "referrer-policy": "no-referrer",
            "strict-transport-security": "max-age=31536000; includeSubDomains",
        }.items():
            assert passed.headers[header] == value, header
        assert "default-src 'none'" in passed.headers["content-security-policy"]
        preflight = await client.options(
            "/api/v1/sporen/sporen",
            headers={
                "Origin": "https://app.zwolle.nl",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "Authorization, Idempotency-Key",
            },
        )
        assert preflight.status_code == 204 and "Idempotency-Key" in preflight.headers["access-control-allow-headers"]
        assert "If-None-Match" in preflight.headers["access-control-allow-headers"]
        assert "origin" in preflight.headers["vary"].lower()
        elsewhere = await client.get("/api/v1/sporen/sporen", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in elsewhere.headers

        # Burst of 5 per client; then 429 with Retry-After. Another client has its own bucket.
        token = "Bearer x.eyJzdWIiOiJhIiwiZ2VtZWVudGUiOiJHTTAxOTMifQ.y"
        answers = [await client.get("/api/v1/sporen/sporen", headers={"Authorization": token}) for _ in range(6)]
        assert answers[-1].status_code == 429 and int(answers[-1].headers["Retry-After"]) >= 1
        assert answers[-1].json()["code"] == "te_veel_verzoeken"
        other = "Bearer x.eyJzdWIiOiJiIiwiZ2VtZWVudGUiOiJHTTAxOTMifQ.y"
        assert (await client.get("/api/v1/sporen/sporen", headers={"Authorization": other})).status_code == 503


async def _collect(platform: RunningPlatform, headers: dict, into: list, ready: asyncio.Event) -> None:
    async with (
        httpx.AsyncClient(timeout=None) as client,
        client.stream(
            "GET", f"{platform.gateway}/api/v1/notificaties/stroom", headers=headers | {"Accept": "text/event-stream"}
        ) as response,
    ):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        async for line in response.aiter_lines():
            if line.startswith(": verbonden"):
                ready.set()
            if line.startswith("data: "):
                into.append(json.loads(line[6:]))


async def test_the_live_stream_shows_each_caller_what_it_may_see(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    seen: dict[str, list] = {"beleid": [], "partner": [], "ander": []}
    ready = {name: asyncio.Event() for name in seen}
    callers = {
        "beleid": auth_headers(platform, tenant, "beleid"),
        "partner": auth_headers(platform, tenant, "partner", "Travers Welzijn"),
        "ander": auth_headers(platform, unique_tenant(), "beleid"),
    }
    tasks = [asyncio.create_task(_collect(platform, callers[n], seen[n], ready[n])) for n in seen]
    try:
        await asyncio.wait_for(asyncio.gather(*(e.wait() for e in ready.values())), 20)
        async with httpx.AsyncClient(
            base_url=f"{platform.gateway}/api/v1", headers=auth_headers(platform, tenant)
        ) as api:
            ambitie = (await api.post("/sporen/ambities", json={"nummer": 1, "naam": "Sociale contacten"})).json()
            begroting = (await api.post("/financien/begrotingen", json={"jaar": 2060})).json()
            await api.post(
                f"/financien/begrotingen/{begroting['id']}/vaststelling", json={"vastgesteldOp": "2059-11-05"}
            )
        for _ in range(100):
            types = {e["type"] for e in seen["beleid"]}
            if {
                "nl.stuurcyclus.sporen.ambitie.aangemaakt.v1",
                "nl.stuurcyclus.financien.begroting.vastgesteld.v1",
            } <= types:
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.5)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    policy_types = {e["type"] for e in seen["beleid"]}
    assert "nl.stuurcyclus.sporen.ambitie.aangemaakt.v1" in policy_types
    assert "nl.stuurcyclus.financien.begroting.vastgesteld.v1" in policy_types
    assert any(e["data"].get("ambitieId") == ambitie["id"] for e in seen["beleid"])
    partner_types = {e["type"] for e in seen["partner"]}
    assert "nl.stuurcyclus.sporen.ambitie.aangemaakt.v1" in partner_types, "the agenda is public"
    assert not any(t.startswith("nl.stuurcyclus.financien.") for t in partner_types), "money is not for partners"
    assert all(e["tenant"] == tenant for e in seen["beleid"] + seen["partner"])
    assert seen["ander"] == [], "another municipality's events never reach this one"
