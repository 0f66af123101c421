"""The gateway: clear 502/503/504 problems when a service is down, slow or broken; merged, ADR-shaped OpenAPI."""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from gateway.main import create_app
from gateway.settings import GatewaySettings
from stuurcyclus_local.embedded import free_port

from .support import RunningPlatform

RULESET = Path(__file__).resolve().parents[2] / "shared" / "adr-ruleset.yaml"


@contextlib.asynccontextmanager
async def _tcp_server(handler) -> AsyncIterator[int]:  # noqa: ANN001
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()


async def _slow(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await reader.readuntil(b"\r\n\r\n")
    await asyncio.sleep(3)
    writer.close()


async def _garbage(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await reader.readuntil(b"\r\n\r\n")
    writer.write(b"this is not HTTP\r\n\r\n")
    await writer.drain()
    writer.close()


async def test_unreachable_slow_and_broken_services_answer_503_504_502() -> None:
    async with _tcp_server(_slow) as slow_port, _tcp_server(_garbage) as garbage_port:
        settings = GatewaySettings(
            sporen_url=f"http://127.0.0.1:{free_port()}",  # nothing listens there
            indicatoren_url=f"http://127.0.0.1:{slow_port}",
            financien_url=f"http://127.0.0.1:{garbage_port}",
            read_timeout=0.5,
            log_json=False,
        )
        app = create_app(settings)
        async with app.fastapi.router.lifespan_context(app.fastapi):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
                cases = {
                    "/api/v1/sporen/sporen": 503,
                    "/api/v1/indicatoren/sporen": 504,
                    "/api/v1/financien/iets": 502,
                    "/api/v1/bestaat-niet/iets": 404,
                }
                for path, status in cases.items():
                    response = await client.get(path, headers={"X-Correlation-ID": "gw-test"})
                    assert response.status_code == status, (path, response.text)
                    assert response.headers["content-type"].startswith("application/problem+json")
                    body = response.json()
                    assert body["status"] == status and body["title"] and body["detail"]
                    assert body["correlationId"] == "gw-test"
                    assert response.headers["API-Version"] == "1.0.0"
                ready = await client.get("/health/ready")
                assert ready.status_code == 503 and ready.json()["services"]["sporen"].startswith("unavailable")


async def _merged_openapi(platform: RunningPlatform) -> dict:
    async with httpx.AsyncClient(base_url=platform.gateway) as client:
        return (await client.get("/api/v1/openapi.json")).raise_for_status().json()


async def test_merged_openapi_has_every_service_and_follows_the_design_rules(platform: RunningPlatform) -> None:
    doc = await _merged_openapi(platform)
    assert {"/sporen/sporen", "/sporen/sporen/{spoorId}", "/indicatoren/sporen"} <= set(doc["paths"])
    assert doc["servers"][0]["url"] == "/api/v1"
    assert set(doc["info"]["contact"]) >= {"name", "email", "url"}
    assert "x-unavailable-services" not in doc
    for path, item in doc["paths"].items():
        fixed = [segment for segment in path.split("/") if not segment.startswith("{")]
        assert all(segment == segment.lower() for segment in fixed) and not path.endswith("/"), path
        for method, operation in item.items():
            assert "400" in operation["responses"], (method, path)
            for code, response in operation["responses"].items():
                if code.startswith(("2", "3")):
                    assert "API-Version" in response["headers"], (method, path, code)
                else:
                    assert list(response["content"]) == ["application/problem+json"], (method, path, code)
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    assert parameter["name"][0].islower() and "_" not in parameter["name"]
    assert {"status", "title", "detail"} <= set(doc["components"]["schemas"]["Problem"]["required"])


@pytest.mark.skipif(shutil.which("npx") is None, reason="npx (Node.js) is needed for the Spectral linter")
async def test_spectral_adr_ruleset_reports_no_errors(platform: RunningPlatform, tmp_path: Path) -> None:
    document = tmp_path / "openapi.json"
    document.write_text(json.dumps(await _merged_openapi(platform)))
    result = await asyncio.to_thread(
        subprocess.run,
        ["npx", "--yes", "@stoplight/spectral-cli", "lint", "-r", str(RULESET), "-f", "json", str(document)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    start = result.stdout.find("[")
    assert start >= 0, f"spectral printed no results: {result.stdout[-2000:]} {result.stderr[-2000:]}"
    findings = json.loads(result.stdout[start:])
    errors = [f for f in findings if f["severity"] == 0]
    assert errors == [], json.dumps(errors, indent=1)[:4000]
