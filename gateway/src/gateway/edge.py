"""Hardening at the edge: body size limit, rate limit per client, security headers (CORS: Starlette's middleware).

- Size: a request body larger than `GATEWAY_MAX_BODY_BYTES` is refused with 413 (by its Content-Length at once,
  or as soon as a streamed body passes the limit).
- Rate: a token bucket per client — the token's subject (read without verifying it: the services verify; a forged
  subject only moves the caller into another bucket, all of which are limited) or else the address —
  `GATEWAY_RATE_LIMIT_PER_MINUTE` with a burst of `GATEWAY_RATE_LIMIT_BURST`; over it: 429 with `Retry-After`.
- Headers on every answer: `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY`, `Referrer-Policy:
  no-referrer`, a restrictive `Content-Security-Policy` outside the Swagger UI, and HSTS when the request came over
  https.
"""

from __future__ import annotations

import base64
import json
import time

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from stuurcyclus_common.docs import DOCS_CSP, is_docs_path
from stuurcyclus_common.errors import ProblemError
from stuurcyclus_common.settings import API_PREFIX

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]
API_CSP = (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'")
HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")


class TokenBuckets:
    def __init__(self, per_minute: int, burst: int, max_clients: int = 100_000) -> None:
        self.rate, self.burst, self.max_clients = per_minute / 60.0, float(burst), max_clients
        self.buckets: dict[str, tuple[float, float]] = {}

    def take(self, client: str, now: float | None = None) -> float:
        """0 when allowed, else the seconds until a request would be."""
        now = time.monotonic() if now is None else now
        tokens, last = self.buckets.get(client, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        if tokens < 1:
            self.buckets[client] = (tokens, now)
            return (1 - tokens) / self.rate
        if len(self.buckets) >= self.max_clients and client not in self.buckets:
            self.buckets.clear()  # crude bound on memory; a full bucket for everyone is the safe side
        self.buckets[client] = (tokens - 1, now)
        return 0.0


#: Bucket keys of the tokens seen lately (a client sends the same token with every request: decoded once).
_KEYS_OF_TOKENS: dict[bytes, str | None] = {}
_KEYS_REMEMBERED = 10_000


def client_key(scope: Scope) -> str:
    for key, value in scope["headers"]:
        if key == b"authorization" and value[:7].lower() == b"bearer ":
            if value in _KEYS_OF_TOKENS:
                subject = _KEYS_OF_TOKENS[value]
            else:
                subject = _subject_key(value[7:])
                if len(_KEYS_OF_TOKENS) >= _KEYS_REMEMBERED:
                    _KEYS_OF_TOKENS.clear()
                _KEYS_OF_TOKENS[value] = subject
            if subject is not None:
                return subject
            break
    client = scope.get("client")
    return f"ip:{client[0] if client else '?'}"


def _subject_key(token: bytes) -> str | None:
    """`sub:<gemeente>:<sub>` from a token's claims, read without verifying (the services verify)."""
    try:
        payload = token.split(b".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + b"=" * (-len(payload) % 4)))
        return f"sub:{claims.get('gemeente', '')}:{claims.get('sub', '')}"
    except (IndexError, ValueError, AttributeError):
        return None


class EdgeMiddleware:
    def __init__(self, app: ASGIApp, *, max_body_bytes: int, per_minute: int, burst: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.buckets = TokenBuckets(per_minute, burst) if per_minute > 0 else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        extra = list(SECURITY_HEADERS)
        extra.append(DOCS_CSP if is_docs_path(path, API_PREFIX) else API_CSP)
        if scope.get("scheme") == "https":
            extra.append(HSTS)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        if self.buckets is not None and not path.startswith("/health"):
            wait = self.buckets.take(client_key(scope))
            if wait > 0:
                problem = ProblemError(
                    "Too many requests from this client; slow down.",
                    status=429,
                    title="Too many requests",
                    code="te_veel_verzoeken",
                    headers={"Retry-After": str(max(1, round(wait)))},
                )
                await problem.response(Request(scope))(scope, receive, send_with_headers)
                return
        length = next((v for k, v in scope["headers"] if k == b"content-length"), None)
        if length is not None and length.isdigit() and int(length) > self.max_body_bytes:
            await self._too_large(scope, receive, send_with_headers)
            return
        await self.app(scope, self._limited(receive), send_with_headers)

    def _limited(self, receive: Receive) -> Receive:
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body_bytes:
                    raise ProblemError(
                        f"The request body is larger than {self.max_body_bytes} bytes.",
                        status=413,
                        title="Content too large",
                        code="te_groot",
                    )
            return message

        return limited

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        problem = ProblemError(
            f"The request body is larger than {self.max_body_bytes} bytes.",
            status=413,
            title="Content too large",
            code="te_groot",
        )
        await problem.response(Request(scope))(scope, receive, send)
