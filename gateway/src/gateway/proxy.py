"""Forwarding a request to the service that owns its path, over one pooled httpx client.

What goes through unchanged: method, path (as the caller encoded it), query, body, the caller's headers (minus
hop-by-hop ones), and the service's answer (status, headers, body). What the gateway adds: the correlation id
(so logs of gateway and service line up) and `X-Forwarded-*`. A service that cannot be reached answers 503, one
that does not answer in time 504, one that answers garbage or drops the connection 502: always problem+json.

This is the gateway's hot path, so it is plain ASGI (no routing framework) and forwards over a pooled aiohttp
`ClientSession` (C-accelerated HTTP/1.1 parser, keep-alive pool). The gateway's other outbound calls (merged
OpenAPI, readiness) use httpx. Measured on this 2-core machine (bench/run.py, simple read, gateway/direct
latency): httpx's default transport 2.05, httpx on the aiohttp transport 1.36-1.46, aiohttp 1.25; the target
is 1.3, so the hot path uses aiohttp directly.
"""

from __future__ import annotations

import asyncio
import errno
from collections.abc import AsyncGenerator, AsyncIterator, Mapping
from typing import Any

import aiohttp
import httpx
import yarl
from aiohttp.http_exceptions import HttpProcessingError
from multidict import CIMultiDict
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send
from stuurcyclus_common.docs import is_docs_path
from stuurcyclus_common.errors import InvalidInput, NotFound, ProblemError
from stuurcyclus_common.logs import child_traceparent, get_correlation_id, get_logger
from stuurcyclus_common.settings import API_PREFIX

from .hop import HopDropped, HopError, HopTimeout, HopUnreachable, UnixHop

log = get_logger(__name__)

#: Connection-level headers that must not be forwarded (RFC 9110 §7.6.1), plus those recomputed per hop.
HOP_BY_HOP = {
    b"connection",
    b"keep-alive",
    b"proxy-authenticate",
    b"proxy-authorization",
    b"te",
    b"trailer",
    b"transfer-encoding",
    b"upgrade",
    b"host",
    b"content-length",
}
#: Set by the gateway on the forwarded request (the caller's correlation id was already bound by the middleware).
SET_FOR_SERVICE = {b"x-correlation-id", b"traceparent", b"x-forwarded-for", b"x-forwarded-proto", b"x-forwarded-host"}
#: Set on every answer by the gateway's own middleware or server; the service's copies would be duplicates.
SET_BY_GATEWAY = {b"api-version", b"x-correlation-id", b"date", b"server"}
DROP_REQUEST = HOP_BY_HOP | SET_FOR_SERVICE
DROP_RESPONSE = HOP_BY_HOP | SET_BY_GATEWAY
#: What talking to a service can raise: httpx's errors, and aiohttp's where its transport does not map them.
UPSTREAM_ERRORS = (
    httpx.HTTPError,
    aiohttp.ClientError,
    HttpProcessingError,
    asyncio.TimeoutError,
    OSError,
    HopError,
)
#: A server-sent events stream may be silent for a while (it sends a comment every 15 s): no read timeout for it.
STREAM_TIMEOUT = aiohttp.ClientTimeout(total=None, sock_read=None, sock_connect=5)
#: Gateway paths under /api/v1 that are not a service's (served by the gateway app itself).
OWN_PATHS = {
    f"{API_PREFIX}/openapi.json",
    f"{API_PREFIX}/asyncapi.json",
    f"{API_PREFIX}/docs",
    f"{API_PREFIX}/labels",
    f"{API_PREFIX}/foutcodes",
}


def upstreams_first(urls: Mapping[str, list[str] | str]) -> dict[str, str]:
    """One URL per service (the first replica): for what asks a service once (its OpenAPI document)."""
    return {s: (u if isinstance(u, str) else u[0]) for s, u in urls.items()}


class Upstreams:
    """The services behind the gateway — one or more API processes each — and the pooled client that reaches them.

    Requests take turns over a service's replicas; one that cannot be reached (nothing was sent) is passed for the
    next, so a replica that stopped costs no request an error."""

    def __init__(
        self,
        urls: Mapping[str, list[str] | str],
        client: httpx.AsyncClient,
        session: aiohttp.ClientSession,
        fresh: aiohttp.ClientSession | None = None,
        local: Mapping[str, tuple[aiohttp.ClientSession, aiohttp.ClientSession]] | None = None,
        hops: Mapping[str, UnixHop] | None = None,
    ) -> None:
        self.replicas = {s: [u] if isinstance(u, str) else list(u) for s, u in urls.items()}
        self.urls = upstreams_first(self.replicas)
        self._turn = dict.fromkeys(self.replicas, 0)
        self.client = client
        self.session = session
        #: For the one retry after a stale pooled connection: a session that never reuses a connection.
        self.fresh = fresh or session
        #: By replica URL: the sessions over its Unix socket where it runs on this host (`stuurcyclus_common.serve`).
        self.local = dict(local or {})
        #: By replica URL: its GETs' lean hop over the same socket (`hop`).
        self.hops = dict(hops or {})

    def base_urls(self, service: str) -> list[str]:
        """The service's replicas, starting at the one whose turn it is."""
        try:
            replicas = self.replicas[service]
        except KeyError:
            raise NotFound(f"No service '{service}' behind this gateway; known: {', '.join(self.urls)}.") from None
        if len(replicas) == 1:
            return replicas
        turn = self._turn[service] = (self._turn[service] + 1) % len(replicas)
        return replicas[turn:] + replicas[:turn]

    def base_url(self, service: str) -> str:
        return self.base_urls(service)[0]

    async def forward(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Forward one HTTP request (ASGI scope) to its service and send back the service's answer."""
        raw_path: bytes = scope.get("raw_path") or scope["path"].encode()
        service = raw_path[len(API_PREFIX) + 1 :].split(b"/", 1)[0].decode("latin-1")
        try:
            bases = self.base_urls(service)
            url = raw_path.decode("latin-1")
            if scope["query_string"]:
                url += "?" + scope["query_string"].decode("latin-1")
            headers = [(k, v) for k, v in scope["headers"] if k not in DROP_REQUEST]
            host = next((v for k, v in scope["headers"] if k == b"host"), b"")
            client = scope.get("client")
            headers += [
                (b"x-correlation-id", (get_correlation_id() or "").encode("latin-1")),
                (b"traceparent", (child_traceparent() or "").encode("latin-1")),  # the caller's trace, our span
                (b"x-forwarded-for", (client[0] if client else "").encode("latin-1")),
                (b"x-forwarded-proto", scope.get("scheme", "http").encode("latin-1")),
                (b"x-forwarded-host", host),
            ]
            body = await _read_body(receive)
            for n, base in enumerate(bases, start=1):
                try:
                    await self._exchange(service, scope["method"], base, url, headers, body, send)
                    return
                except _Unreachable as unreachable:
                    if n == len(bases):
                        raise unreachable.problem from None
                    log.info("upstream_replica_unreachable", service=service, replica=base)
        except ProblemError as exc:
            await exc.response(Request(scope))(scope, receive, send)

    async def _exchange(
        self, service: str, method: str, base: str, path: str, headers: list, body: bytes, send: Send
    ) -> None:
        """Send the request; pass the answer back — buffered, or chunk by chunk for a server-sent events stream.

        A pooled connection the service had already closed (it idled out, or the service restarted) fails before
        any byte of the answer with a reset or a disconnect: a safe request, or a write with an `Idempotency-Key`,
        is sent once more on a fresh connection; any other is answered 503 (it may not be repeated blindly)."""
        wants_stream = _wants_stream(headers)
        hop = self.hops.get(base)
        if hop is not None and method == "GET" and not body and not wants_stream:
            await self._hop(service, hop, path, headers, send)
            return
        request: dict[str, Any] = dict(
            headers=CIMultiDict((k.decode("latin-1"), v.decode("latin-1")) for k, v in headers),
            data=body or None,
            allow_redirects=False,
            auto_decompress=False,
            skip_auto_headers=("User-Agent", "Accept", "Accept-Encoding"),
            **({"timeout": STREAM_TIMEOUT} if wants_stream else {}),
        )
        target = yarl.URL(base + path, encoded=True)
        session, fresh = self.local.get(base) or (self.session, self.fresh)
        try:
            try:
                response = await session.request(method, target, **request)
            except UPSTREAM_ERRORS as exc:
                if not _stale_connection(exc):
                    raise
                if not _repeatable(method, headers):
                    raise _reset_problem(service) from None
                log.info("upstream_retry_fresh_connection", service=service, error=str(exc) or type(exc).__name__)
                response = await fresh.request(method, target, **request)
            async with response:
                passed = [(k.lower(), v) for k, v in response.raw_headers if k.lower() not in DROP_RESPONSE]
                if response.content_type == "text/event-stream":
                    await _relay_stream(response.status, passed, response.content.iter_any(), send)
                    return
                content = await response.read()
        except ValueError as exc:  # a URL aiohttp will not send
            raise InvalidInput(f"The request URL cannot be forwarded: {exc}", code="ongeldige_url") from None
        except ProblemError:
            raise
        except UPSTREAM_ERRORS as exc:
            problem = _upstream_problem(service, exc)
            if problem.status == 503:  # not reached: nothing was sent, another replica may take it
                raise _Unreachable(problem) from None
            raise problem from None
        passed.append((b"content-length", str(len(content)).encode()))
        await send({"type": "http.response.start", "status": response.status, "headers": passed})
        await send({"type": "http.response.body", "body": content})

    async def _hop(self, service: str, hop: UnixHop, path: str, headers: list, send: Send) -> None:
        """A GET over the lean hop (`hop`): the same answers, retry and problems as `_exchange`'s."""
        try:
            try:
                answer = await hop.get(path, headers)
            except HopDropped as exc:
                log.info("upstream_retry_fresh_connection", service=service, error=str(exc))
                answer = await hop.get(path, headers, fresh=True)
        except HopUnreachable as exc:
            raise _Unreachable(_upstream_problem(service, exc)) from None
        except HopError as exc:
            raise _upstream_problem(service, exc) from None
        passed = [(k, v) for k, v in answer.headers if k not in DROP_RESPONSE]
        if answer.stream is not None:
            await _relay_stream(answer.status, passed, answer.stream, send)
            return
        passed.append((b"content-length", str(len(answer.body)).encode()))
        await send({"type": "http.response.start", "status": answer.status, "headers": passed})
        await send({"type": "http.response.body", "body": answer.body})


class _Unreachable(Exception):
    """A replica could not be reached (nothing was sent): the next one is tried; the last one's is the answer."""

    def __init__(self, problem: ProblemError) -> None:
        super().__init__(problem.detail)
        self.problem = problem


def _stale_connection(exc: BaseException) -> bool:
    """The connection was reset or closed by the service before it answered anything (not: it could not be reached,
    which is a 503 of its own)."""
    if isinstance(exc, aiohttp.ClientConnectorError):
        return False
    if isinstance(exc, aiohttp.ServerDisconnectedError | ConnectionResetError | BrokenPipeError):
        return True  # aiohttp's ClientConnectionResetError is a ConnectionResetError, often without an errno
    if isinstance(exc, aiohttp.ClientOSError):
        return True  # e.g. "Can not write request body": the pooled connection was already closed
    return isinstance(exc, ConnectionError) and getattr(exc, "errno", None) in (
        errno.ECONNRESET,
        errno.EPIPE,
        errno.ECONNABORTED,
    )


def _repeatable(method: str, headers: list) -> bool:
    return method in ("GET", "HEAD", "OPTIONS") or any(k == b"idempotency-key" and v for k, v in headers)


def _reset_problem(service: str) -> ProblemError:
    log.warning("upstream_reset", service=service)
    return ProblemError(
        f"The {service} service closed the connection before answering; the request may or may not have been "
        "applied. Retry with an Idempotency-Key to be safe.",
        status=503,
        title="Service unavailable",
        code="verbinding_verbroken",
        headers={"Retry-After": "1"},
    )


async def _relay_stream(status: int, headers: list, chunks: AsyncIterator[bytes], send: Send) -> None:
    """Pass a server-sent events stream on as it comes (from aiohttp or the lean hop), until either side closes it."""
    await send({"type": "http.response.start", "status": status, "headers": headers})
    try:
        async for chunk in chunks:
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body", "body": b""})
    except (OSError, aiohttp.ClientError):
        log.info("stream_closed")  # the caller went away, or the service ended the stream: nothing more to say
    finally:
        if isinstance(chunks, AsyncGenerator):
            await chunks.aclose()  # the hop's stream gives its connection up


def _wants_stream(headers: list) -> bool:
    return any(k == b"accept" and b"text/event-stream" in v for k, v in headers)


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _upstream_problem(service: str, exc: Exception) -> ProblemError:
    """503 if the service could not be reached (nothing was forwarded), 504 if it did not answer in time (the
    request may have been applied), 502 for anything else (a broken answer or a dropped connection)."""
    if isinstance(
        exc, aiohttp.ClientConnectorError | aiohttp.ConnectionTimeoutError | httpx.ConnectError | HopUnreachable
    ):
        status, title, what = 503, "Service unavailable", "cannot be reached; the request was not forwarded"
    elif isinstance(exc, aiohttp.SocketTimeoutError | asyncio.TimeoutError | httpx.ReadTimeout | HopTimeout):
        status, title = 504, "Gateway timeout"
        what = "did not answer in time; the request may or may not have been applied, check before retrying"
    else:
        status, title, what = 502, "Bad gateway", "gave an invalid answer or dropped the connection"
    log.warning("upstream_failed", service=service, status=status, error=str(exc) or type(exc).__name__)
    return ProblemError(
        f"The {service} service {what}.",
        status=status,
        title=title,
        code=f"upstream_{status}",
        headers={"Retry-After": "5"} if status in (503, 504) else None,
    )


class ProxyApp:
    """ASGI entry of the gateway: `/api/v1/<service>/…` is forwarded; everything else goes to the gateway's app."""

    def __init__(self, app: ASGIApp, upstreams: UpstreamsHolder) -> None:
        self.app = app
        self.upstreams = upstreams

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(API_PREFIX + "/") and not _own(scope["path"]):
            await self.upstreams.get().forward(scope, receive, send)
        else:
            await self.app(scope, receive, send)


def _own(path: str) -> bool:
    return path in OWN_PATHS or is_docs_path(path, API_PREFIX)


class UpstreamsHolder:
    """Set by the app's lifespan (the pooled client lives as long as the app)."""

    def __init__(self) -> None:
        self.upstreams: Upstreams | None = None

    def get(self) -> Upstreams:
        assert self.upstreams is not None, "gateway used outside its lifespan"
        return self.upstreams
