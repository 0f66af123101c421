"""Conditional GET for every read (RFC 9110 §13.1.2): a frontend that asks again with `If-None-Match` gets
`304 Not Modified` without a body when nothing changed.

Every successful GET answer carries a strong `ETag` over its body (BLAKE2b of the bytes, so any change of what is
shown changes it — a list, a report, a CSV, a thing with what it embeds). Where the route tags a versioned thing with
its version (`"3"`, what `If-Match` wants), the tag keeps the version in front (`"3.1f0c…"`): `If-Match` reads the
version from it, `If-None-Match` compares the whole, so an embedded change that left the version alone is not
answered 304. One middleware does it for every route of every service, so a new list route has it
without anyone remembering; the gateway forwards `If-None-Match` and the 304 as they are. A live stream
(`text/event-stream`) passes at once, and a streamed body beyond `MAX_BODY` passes untagged rather than being held
in memory.
"""

from __future__ import annotations

import hashlib

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY = 8 * 1024 * 1024
#: Headers a 304 keeps (RFC 9110 §15.4.5); the body and its content headers go.
KEEP_ON_304 = {b"etag", b"cache-control", b"vary", b"expires", b"date", b"api-version", b"x-correlation-id"}


def body_etag(body: bytes) -> bytes:
    return b'"' + hashlib.blake2b(body, digest_size=16).hexdigest().encode() + b'"'


def conditional_answer(
    headers: list[tuple[bytes, bytes]], body: bytes, if_none_match: bytes | None, body_tag: bytes | None = None
) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """A 200 answer's ETag over its body (after the route's version tag, when it set one), and the answer itself —
    or 304 without a body when `If-None-Match` names that tag. The one rule, for this middleware and the hot reads
    (`hotreads`; `body_tag`: the body's tag, where it was made before for the same bytes)."""
    version = next((v for k, v in headers if k == b"etag"), None)
    tag = body_tag or body_etag(body)
    if version is not None:  # `"3"` → `"3.<hash>"`
        tag = version.rstrip(b'"') + b"." + tag.lstrip(b'"')
        headers = [(k, v) for k, v in headers if k != b"etag"]
    headers.append((b"etag", tag))
    if if_none_match is not None and matches(if_none_match, tag):
        return 304, [(k, v) for k, v in headers if k in KEEP_ON_304], b""
    return 200, headers, body


def matches(if_none_match: bytes, tag: bytes) -> bool:
    """`If-None-Match` compares weakly: `W/"x"` matches `"x"`; `*` matches any current representation."""
    wanted = {t.strip().removeprefix(b"W/") for t in if_none_match.split(b",")}
    return b"*" in wanted or tag.removeprefix(b"W/") in wanted


class ConditionalGetMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        if_none_match = next((v for k, v in scope["headers"] if k == b"if-none-match"), None)
        start: Message | None = None
        chunks: list[bytes] = []
        size = 0
        passing = False  # not tagged: an error, a stream too large, or nothing to compare

        async def buffered(message: Message) -> None:
            nonlocal start, size, passing
            if passing:
                await send(message)
                return
            if message["type"] == "http.response.start":
                content_type = next((v for k, v in message.get("headers", []) if k == b"content-type"), b"")
                if message["status"] != 200 or content_type.startswith(b"text/event-stream"):
                    passing = True  # an error, or a live stream (its head goes out now, its events as they come)
                    await send(message)
                    return
                start = message
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if message.get("more_body", False):
                if size > MAX_BODY:  # too large to hold: send what we have, untagged, and stream the rest
                    passing = True
                    await send(start)  # type: ignore[arg-type]
                    await send({"type": "http.response.body", "body": b"".join(chunks), "more_body": True})
                return
            await finish(b"".join(chunks))

        async def finish(body: bytes) -> None:
            assert start is not None
            status, headers, body = conditional_answer(list(start.get("headers", [])), body, if_none_match)
            await send({**start, "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, buffered)
