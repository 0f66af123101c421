"""The gateway's ASGI app: `uvicorn gateway.main:app`."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import httpx
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from stuurcyclus_common import otel
from stuurcyclus_common.conditional import body_etag, matches
from stuurcyclus_common.docs import mount_docs
from stuurcyclus_common.errors import install_problem_handlers
from stuurcyclus_common.events.asyncapi import asyncapi_document
from stuurcyclus_common.foutcodes import FOUTCODES
from stuurcyclus_common.http import RequestContextMiddleware, refuse_unknown_query_parameters
from stuurcyclus_common.labels import LABELS
from stuurcyclus_common.logs import configure_logging
from stuurcyclus_common.settings import API_PREFIX, API_VERSION

from .edge import EdgeMiddleware
from .hop import UnixHop
from .openapi import MergedOpenAPI
from .proxy import UPSTREAM_ERRORS, ProxyApp, Upstreams, UpstreamsHolder, upstreams_first
from .settings import GatewaySettings, get_settings


class GatewayApp(RequestContextMiddleware):
    """The gateway's ASGI app: correlation id and API-Version around the proxy and the gateway's own routes."""

    def __init__(self, fastapi_app: FastAPI, holder: UpstreamsHolder) -> None:
        super().__init__(ProxyApp(fastapi_app, holder))
        self.fastapi = fastapi_app


class Cors(CORSMiddleware):
    """Starlette's CORS, answering a preflight as the field does: 204 No Content, before any token is asked for
    (a browser sends no Authorization with a preflight). Credentials are never allowed with a wildcard: origins are
    named, or matched by the configured pattern, and echoed one at a time with `Vary: Origin`."""

    def preflight_response(self, request_headers: Headers) -> Response:
        answer = super().preflight_response(request_headers)
        if answer.status_code != 200:
            return answer
        headers = {k: v for k, v in answer.headers.items() if k.lower() not in ("content-length", "content-type")}
        return Response(status_code=204, headers=headers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """A request without an `Origin` (every call but a browser's) skips Starlette's header parsing: its answer
        only gets `Origin` added to its `Vary` (`vary_origin`)."""
        if scope["type"] == "http" and not any(k == b"origin" for k, _ in scope["headers"]):

            async def send_varying(message: Message) -> None:
                if message["type"] == "http.response.start":
                    message["headers"] = vary_origin(list(message.get("headers", [])))
                await send(message)

            await self.app(scope, receive, send_varying)
            return
        await super().__call__(scope, receive, send)


def vary_origin(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """`Origin` added to the answer's `Vary` (one header), as Starlette does for a request without one — on the header
    list itself instead of through `MutableHeaders` (5% of a forwarded read's CPU)."""
    at = [n for n, (k, _) in enumerate(headers) if k == b"vary"]
    vary = (b"vary", b", ".join([*(headers[n][1] for n in at), b"Origin"]))
    if at:
        headers[at[0]] = vary
        return [h for n, h in enumerate(headers) if n not in at[1:]]
    headers.append(vary)
    return headers


def readiness(results: dict[str, str]) -> tuple[str, int]:
    """The platform's readiness from each service's: `ok`; `degraded` but ready (200) when a service only misses
    NATS (its writes wait in its outbox); not ready (503) when a service cannot answer or has no database."""
    if all(v == "ok" for v in results.values()):
        return "ok", 200
    if all(v == "ok" or v.startswith("degraded") for v in results.values()):
        return "degraded", 200
    return "degraded", 503


def create_app(settings: GatewaySettings | None = None) -> ASGIApp:
    settings = settings or get_settings()
    configure_logging("gateway", settings.log_level, settings.log_json)
    otel.configure("gateway")  # spans exported only where OTLP is configured
    holder = UpstreamsHolder()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        client = httpx.AsyncClient(timeout=httpx.Timeout(10.0, connect=settings.connect_timeout), trust_env=False)
        timeout = aiohttp.ClientTimeout(sock_connect=settings.connect_timeout, sock_read=settings.read_timeout)

        def sessions(unix_socket: str | None = None) -> tuple[aiohttp.ClientSession, aiohttp.ClientSession]:
            """The pooled session to a service (over TCP, or its Unix socket on this host), and one that never
            reuses a connection (the one retry after a stale pooled connection)."""

            def connector(**options: Any) -> aiohttp.BaseConnector:
                if unix_socket:
                    return aiohttp.UnixConnector(path=unix_socket, **options)
                return aiohttp.TCPConnector(**options)

            # Idle connections are dropped before the services' own keep-alive (uvicorn: 5 s) closes them.
            pooled = connector(limit=settings.max_connections, keepalive_timeout=settings.upstream_keepalive_seconds)

            # No cookie jar: a proxy must never carry a cookie one caller was answered with to another caller
            # (and keeping one costs a lookup per request).
            def session(connection: aiohttp.BaseConnector) -> aiohttp.ClientSession:
                return aiohttp.ClientSession(
                    connector=connection, timeout=timeout, trust_env=False, cookie_jar=aiohttp.DummyCookieJar()
                )

            return session(pooled), session(connector(force_close=True))

        session, fresh = sessions()
        sockets = settings.service_sockets()
        local = {url: sessions(path) for url, path in sockets.items()}
        hops = {
            url: UnixHop(
                path,
                host=url.split("://", 1)[-1],
                limit=settings.max_connections,
                keepalive_seconds=settings.upstream_keepalive_seconds,
                connect_timeout=settings.connect_timeout,
                read_timeout=settings.read_timeout,
            )
            for url, path in sockets.items()
        }
        urls = settings.service_urls()
        app.state.upstreams = holder.upstreams = Upstreams(urls, client, session, fresh, local, hops)
        app.state.openapi = MergedOpenAPI(upstreams_first(urls), client, settings.openapi_cache_seconds)
        yield
        for hop in hops.values():
            hop.close()
        for pair in [(session, fresh), *local.values()]:
            for each in pair:
                await each.close()
        await client.aclose()

    app = FastAPI(
        title="stuurcyclus gateway",
        version=API_VERSION,
        lifespan=lifespan,
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
        telemetry=otel.FRAMEWORK_OFF,
    )
    install_problem_handlers(app)

    @app.get("/health/live", include_in_schema=False)
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/health/ready", include_in_schema=False)
    async def ready(request: Request) -> JSONResponse:
        """Ready when every service is ready; names the ones that are not."""
        upstreams: Upstreams = request.app.state.upstreams

        async def check(service: str, url: str) -> tuple[str, str]:
            try:
                response = await upstreams.client.get(f"{url}/health/ready", timeout=2.0)
            except UPSTREAM_ERRORS as exc:
                return service, f"unavailable ({type(exc).__name__})"
            if response.status_code != 200:
                return service, f"status {response.status_code}"
            body = response.json() if response.headers.get("content-type", "").startswith("application/json") else {}
            return service, "ok" if body.get("status", "ok") == "ok" else f"degraded (nats {body.get('nats')})"

        checks = [check(s, u) for s, replicas in upstreams.replicas.items() for u in replicas]
        results: dict[str, str] = {}
        for service, outcome in await asyncio.gather(*checks):  # a service is ready when one of its replicas is
            results[service] = "ok" if "ok" in (outcome, results.get(service)) else outcome
        status, code = readiness(results)
        return JSONResponse({"status": status, "services": results}, code)

    def public_document(path: str, body: bytes) -> None:
        """A document that is the same for everyone (public, cached for an hour, revalidated by its ETag)."""
        tag = body_etag(body).decode()

        async def answer(request: Request) -> Response:
            refuse_unknown_query_parameters(request, frozenset())
            headers = {"Cache-Control": "public, max-age=3600", "ETag": tag}
            if matches(request.headers.get("if-none-match", "").encode(), tag.encode()):
                return Response(status_code=304, headers=headers)
            return Response(body, media_type="application/json", headers=headers)

        app.add_api_route(f"{API_PREFIX}{path}", answer, methods=["GET"], include_in_schema=False)

    # every coded value's Dutch label, and the one vocabulary of problem codes (`stuurcyclus_common`)
    public_document("/labels", json.dumps({"taal": "nl", "labels": LABELS}, ensure_ascii=False).encode())
    public_document("/foutcodes", json.dumps({"taal": "nl", "foutcodes": FOUTCODES}, ensure_ascii=False).encode())

    @app.get(f"{API_PREFIX}/openapi.json", include_in_schema=False)
    async def openapi(request: Request) -> dict[str, Any]:
        return await request.app.state.openapi.document()

    @app.get(f"{API_PREFIX}/asyncapi.json", include_in_schema=False)
    async def asyncapi() -> dict[str, Any]:
        return asyncapi_document()

    # Swagger UI, ReDoc and the AsyncAPI page of the merged documents, their assets served here (no CDN).
    mount_docs(app, API_PREFIX, f"{API_PREFIX}/openapi.json", "stuurcyclus API", asyncapi=asyncapi_document)

    edge = EdgeMiddleware(
        GatewayApp(app, holder),
        max_body_bytes=settings.max_body_bytes,
        per_minute=settings.rate_limit_per_minute,
        burst=settings.rate_limit_burst,
    )
    edge.fastapi = app  # type: ignore[attr-defined]  # tests reach the app's lifespan through it
    if not settings.cors_origins and not settings.cors_origin_regex:
        return edge
    cors = Cors(
        edge,
        allow_origins=settings.cors_origins,
        allow_origin_regex=settings.cors_origin_regex,
        allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
        allow_headers=[
            "Accept-Language",
            "Authorization",
            "Content-Type",
            "Gemeente-Code",
            "If-Match",
            "If-None-Match",
            "Idempotency-Key",
            "X-Audit-Toelichting",
            "X-Correlation-ID",
        ],
        expose_headers=["API-Version", "ETag", "Location", "X-Correlation-ID", "Retry-After", "Idempotent-Replayed"],
        max_age=600,
    )
    cors.fastapi = app  # type: ignore[attr-defined]
    return cors


app = create_app()
