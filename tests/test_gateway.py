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
from stuurcyclus_local.platform import token_for

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


@contextlib.asynccontextmanager
async def _unix_server(handler, path: Path) -> AsyncIterator[str]:  # noqa: ANN001
    server = await asyncio.start_unix_server(handler, str(path))
    try:
        yield str(path)
    finally:
        server.close()


@pytest.mark.parametrize("transport", ["tcp", "unix"])
async def test_unreachable_slow_and_broken_services_answer_503_504_502(transport: str, tmp_path: Path) -> None:
    """Over TCP (aiohttp), and over a service's Unix socket on this host (a GET takes the lean hop, `gateway.hop`)."""
    async with contextlib.AsyncExitStack() as stack:
        if transport == "tcp":
            slow_port = await stack.enter_async_context(_tcp_server(_slow))
            garbage_port = await stack.enter_async_context(_tcp_server(_garbage))
            sockets = {}
        else:
            slow_port, garbage_port = free_port(), free_port()  # the sockets are used, not the ports
            sockets = {
                "sporen_socket": str(tmp_path / "nobody.sock"),  # nothing listens there
                "indicatoren_socket": await stack.enter_async_context(_unix_server(_slow, tmp_path / "slow.sock")),
                "financien_socket": await stack.enter_async_context(_unix_server(_garbage, tmp_path / "bad.sock")),
            }
        settings = GatewaySettings(
            sporen_url=f"http://127.0.0.1:{free_port()}",  # nothing listens there
            indicatoren_url=f"http://127.0.0.1:{slow_port}",
            financien_url=f"http://127.0.0.1:{garbage_port}",
            read_timeout=0.5,
            log_json=False,
            **sockets,
        )
        app = create_app(settings)
        async with app.fastapi.router.lifespan_context(app.fastapi):
            transport_ = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport_, base_url="http://gateway") as client:
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
                    if status == 503:
                        assert response.headers["Retry-After"]
                if transport == "tcp":
                    ready = await client.get("/health/ready")
                    assert ready.status_code == 503 and ready.json()["services"]["sporen"].startswith("unavailable")


async def test_a_get_over_the_lean_hop_passes_every_kind_of_answer_as_it_came(tmp_path: Path) -> None:
    """The lean hop (`gateway.hop`) for GETs over a service's Unix socket: a chunked answer passes whole (its length
    set), a 304 without a body leaves the connection usable, a live stream passes event by event, the service's
    headers and the request's path, query and headers arrive as they were; one connection serves them in turn."""
    seen: list[tuple[bytes, bytes]] = []
    connections = [0]

    async def service(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections[0] += 1
        while True:
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except asyncio.IncompleteReadError:
                break
            request_line, *lines = head.decode("latin-1").split("\r\n")
            target = request_line.split(" ")[1]
            seen.append((target.encode(), next(line for line in lines if line.lower().startswith("x-echo"))))
            if target.startswith("/api/v1/sporen/chunked"):
                writer.write(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-own: yes\r\n"
                    b'transfer-encoding: chunked\r\n\r\n5\r\n{"a":\r\n2\r\n1}\r\n0\r\n\r\n'
                )
            elif target.startswith("/api/v1/sporen/eerst"):  # an interim answer before the real one
                writer.write(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n[]")
            elif target.startswith("/api/v1/sporen/traag"):  # a slow answer that keeps coming: no timeout
                writer.write(b"HTTP/1.1 200 OK\r\ncontent-type: text/csv\r\ntransfer-encoding: chunked\r\n\r\n")
                for _ in range(6):
                    await writer.drain()
                    await asyncio.sleep(0.2)
                    writer.write(b"2\r\na\n\r\n")
                writer.write(b"0\r\n\r\n")
            elif target.startswith("/api/v1/sporen/same"):
                writer.write(b'HTTP/1.1 304 Not Modified\r\netag: "v1"\r\n\r\n')
            else:  # a live stream: two events, then the service ends it
                writer.write(
                    b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n"
                )
                for event in (b"data: 1\n\n", b"data: 2\n\n"):
                    writer.write(b"%x\r\n%s\r\n" % (len(event), event))
                    await writer.drain()
                    await asyncio.sleep(0.05)
                writer.write(b"0\r\n\r\n")
                await writer.drain()
                break
            await writer.drain()
        writer.close()

    async with _unix_server(service, tmp_path / "sporen.sock") as path:
        settings = GatewaySettings(
            sporen_url=f"http://127.0.0.1:{free_port()}", sporen_socket=path, log_json=False, read_timeout=0.5
        )
        app = create_app(settings)
        async with app.fastapi.router.lifespan_context(app.fastapi):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
                whole = await client.get("/api/v1/sporen/chunked?x=%C3%A9&y=1", headers={"X-Echo": "één".encode()})
                assert whole.status_code == 200 and whole.json() == {"a": 1}
                assert whole.headers["content-length"] == "7" and "transfer-encoding" not in whole.headers
                assert whole.headers["x-own"] == "yes" and whole.headers["API-Version"] == "1.0.0"
                same = await client.get("/api/v1/sporen/same", headers={"X-Echo": "2", "If-None-Match": '"v1"'})
                assert same.status_code == 304 and same.content == b"" and same.headers["etag"] == '"v1"'
                again = await client.get("/api/v1/sporen/chunked", headers={"X-Echo": "3"})
                assert again.json() == {"a": 1}
                slow = await client.get("/api/v1/sporen/traag", headers={"X-Echo": "3a"})
                assert slow.status_code == 200 and slow.text == "a\n" * 6, "1.2 s in all, never 0.5 s without a byte"
                interim = await client.get("/api/v1/sporen/eerst", headers={"X-Echo": "3b"})
                assert interim.status_code == 200 and interim.json() == []
                assert connections[0] == 1, "the answers came over one kept-alive connection"
                stream = await client.get("/api/v1/sporen/stroom", headers={"X-Echo": "4"})
                assert stream.status_code == 200 and stream.text == "data: 1\n\ndata: 2\n\n"
                assert stream.headers["content-type"] == "text/event-stream"
    assert seen[0] == (b"/api/v1/sporen/chunked?x=%C3%A9&y=1", "x-echo: \xc3\xa9\xc3\xa9n")
    assert [target for target, _ in seen[1:]] == [
        b"/api/v1/sporen/same",
        b"/api/v1/sporen/chunked",
        b"/api/v1/sporen/traag",
        b"/api/v1/sporen/eerst",
        b"/api/v1/sporen/stroom",
    ]


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


@pytest.mark.parametrize("transport", ["tcp", "unix", "hop"])
async def test_a_stale_pooled_connection_is_retried_once_or_answered_503(transport: str, tmp_path: Path) -> None:
    """A service closed an idle keep-alive connection the gateway still pooled: a safe request, or a write with an
    Idempotency-Key, goes again on a fresh connection; another write gets 503 (never 502). `hop`: the GETs take the
    lean hop over the Unix socket (`gateway.hop`), the writes aiohttp over the same socket."""
    import asyncio

    import aiohttp
    import httpx as _httpx
    from gateway.hop import UnixHop
    from gateway.proxy import Upstreams
    from stuurcyclus_local.embedded import free_port

    received: list[str] = []

    drop_next = [False]

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Answers requests on a kept-alive connection, but closes it without a word when told to drop the next
        one: as a service does whose idle connection timed out the moment a request arrived on it."""
        while True:
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except asyncio.IncompleteReadError:
                break
            if drop_next[0]:
                drop_next[0] = False
                break
            lines = head.split(b"\r\n")
            length = next((int(h.split(b":")[1]) for h in lines if h.lower().startswith(b"content-length")), 0)
            await reader.readexactly(length)
            received.append(head.split(b" ", 1)[0].decode())
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
            await writer.drain()
        writer.close()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    if transport == "tcp":
        server = await asyncio.start_server(handle, "127.0.0.1", port)
        pooled = aiohttp.ClientSession(connector=aiohttp.TCPConnector(keepalive_timeout=60))
        fresh = aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True))
        upstreams = Upstreams({"sporen": base}, _httpx.AsyncClient(), pooled, fresh)
    else:  # the service on this host, over its Unix socket (the gateway's sessions per replica)
        path = str(tmp_path / "sporen.sock")
        server = await asyncio.start_unix_server(handle, path)
        pooled = aiohttp.ClientSession(connector=aiohttp.UnixConnector(path, keepalive_timeout=60))
        fresh = aiohttp.ClientSession(connector=aiohttp.UnixConnector(path, force_close=True))
        tcp = aiohttp.ClientSession()  # never used: the replica's requests take its socket
        hops = {base: UnixHop(path, f"127.0.0.1:{port}", keepalive_seconds=60)} if transport == "hop" else {}
        upstreams = Upstreams({"sporen": base}, _httpx.AsyncClient(), tcp, tcp, {base: (pooled, fresh)}, hops)

    async def call(method: str, headers: list) -> int:
        sent: list[dict] = []

        async def send(message: dict) -> None:
            sent.append(message)

        try:
            body = b"{}" if method == "POST" else b""
            await upstreams._exchange("sporen", method, base, "/api/v1/sporen/sporen", headers, body, send)
        except Exception as exc:  # a ProblemError: what the client would be answered
            return exc.status  # type: ignore[attr-defined]
        return sent[0]["status"]

    async def dropped(method: str, headers: list) -> int:
        assert await call("GET", []) == 200  # a pooled connection, kept open …
        drop_next[0] = True  # … which the service closes as the next request arrives
        return await call(method, headers)

    try:
        assert await dropped("GET", []) == 200, "a safe request is sent again on a fresh connection"
        assert await dropped("POST", [(b"idempotency-key", b"k-1")]) == 200, "a keyed write too"
        assert await dropped("POST", []) == 503, "a write without a key is not repeated blindly, and is no 502"
        assert received.count("POST") == 1, "the keyed write was answered once, the other not at all"
    finally:
        await pooled.close()
        await fresh.close()
        if transport != "tcp":
            await tcp.close()
        server.close()
        await server.wait_closed()


async def test_the_gateway_reaches_the_services_on_this_host_over_their_unix_sockets(platform: RunningPlatform) -> None:
    """The local platform's API processes listen on a Unix socket beside their port, and the gateway forwards over
    it (`stuurcyclus_common.serve`): after a read of each service through the gateway, each socket has a connection
    (Linux's table of Unix sockets: the accepted side carries the socket's path)."""
    table = Path("/proc/net/unix")
    if not table.exists():
        pytest.skip("no /proc/net/unix on this system")
    sockets = {  # every replica's: the gateway takes turns
        (s, n): path
        for s in ("sporen", "indicatoren", "financien")
        for n, path in enumerate(platform.env[f"GATEWAY_{s.upper()}_SOCKET"].split(","), start=1)
    }
    assert all(Path(path).is_socket() for path in sockets.values()), sockets
    token = token_for(platform.env, gemeente="GM0193", rol="beheerder")
    async with httpx.AsyncClient(base_url=f"{platform.gateway}/api/v1") as api:
        for path in ("/sporen/sporen", "/indicatoren/indicatoren", "/financien/rapportages/totaalopgave") * 2:
            response = await api.get(path, headers={"Authorization": f"Bearer {token}"})
            assert response.status_code == 200, response.text
    connected = [line.split()[-1] for line in table.read_text().splitlines()[1:] if line.split()[5] == "03"]
    for (service, replica), path in sockets.items():
        assert path in connected, f"{service} ({replica}): no connection on {path}"


async def test_a_cookie_one_caller_was_answered_with_never_reaches_another() -> None:
    """The gateway keeps no cookie jar: a service's `Set-Cookie` goes to the caller it answered, and the next
    caller's request reaches the service with only the cookies that caller sent."""
    cookies: list[str | None] = []

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while True:
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except asyncio.IncompleteReadError:
                break
            lines = [line.decode("latin-1") for line in head.split(b"\r\n")]
            cookies.append(
                next((line.split(":", 1)[1].strip() for line in lines if line.lower().startswith("cookie:")), None)
            )
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nSet-Cookie: sessie=van-de-eerste; Path=/\r\n"
                b"Content-Length: 2\r\n\r\n{}"
            )
            await writer.drain()
        writer.close()

    async with _tcp_server(answer) as port:
        settings = GatewaySettings(sporen_url=f"http://localhost:{port}", log_json=False)  # a name, as in Kubernetes
        app = create_app(settings)
        async with app.fastapi.router.lifespan_context(app.fastapi):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as first:
                answered = await first.get("/api/v1/sporen/sporen")
                assert answered.headers.get("set-cookie", "").startswith("sessie=van-de-eerste")
            async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as second:
                await second.get("/api/v1/sporen/sporen")
                await second.get("/api/v1/sporen/sporen", headers={"Cookie": "eigen=koekje"})
    assert cookies == [None, None, "eigen=koekje"]
