"""No byte the database refuses reaches it: one rule at the edge of every service for every string of a request.

PostgreSQL's text holds no NUL character, and UTF-8 holds no lone surrogate (`"\\ud800"` in JSON) and no invalid byte
sequence (`%C0%80`, `%FF` in a URL). Such a value is refused before any route runs, as a 400 problem naming where it
is (`query.zoek`, `path`, `header.X-Naam`, `regels.2.kenmerk`), whatever route or role: nothing reaches a query,
prepared or not. A JSON body with `\\u` escapes is parsed here too (a body over `MAX_CHECKED` is left to the route's
own limits).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote_to_bytes

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import InvalidParam, problem_response

MAX_CHECKED = 5 * 1024 * 1024


def flaw(text: str) -> str | None:
    """Why `text` cannot be stored as text, or None."""
    if "\x00" in text:
        return "contains a NUL character, which text cannot hold"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "contains a lone surrogate (an invalid UTF-16 escape), which is no character"
    return None


def _decoded(raw: bytes) -> tuple[str | None, str | None]:
    """Percent-decoded bytes as UTF-8 text, or why they are not."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, "is not valid UTF-8"
    return text, flaw(text)


def _query_flaws(query: bytes) -> list[InvalidParam]:
    found = []
    for part in query.split(b"&"):
        if not part:
            continue
        key, _, value = part.partition(b"=")
        name, why = _decoded(unquote_to_bytes(key.replace(b"+", b" ")))
        label = f"query.{name}" if name and not why else "query"
        if why is None:
            _, why = _decoded(unquote_to_bytes(value.replace(b"+", b" ")))
        if why:
            found.append(InvalidParam(name=label, code="invalid_value", reason=f"The value {why}."))
    return found


def _json_flaws(value: Any, path: str = "") -> list[InvalidParam]:
    """Every string of a JSON body that text cannot hold, named as the API names body fields (`regels.2.kenmerk`)."""
    if isinstance(value, str):
        why = flaw(value)
        return [InvalidParam(name=path or "body", code="invalid_value", reason=f"The value {why}.")] if why else []
    if isinstance(value, dict):
        found = []
        for key, item in value.items():
            why = flaw(key)
            where = f"{path}.{key}" if path else str(key)
            if why:
                found.append(InvalidParam(name=path or "body", code="invalid_value", reason=f"A field name {why}."))
            found += _json_flaws(item, where if why is None else path)
        return found
    if isinstance(value, list):
        return [p for n, item in enumerate(value) for p in _json_flaws(item, f"{path}.{n}" if path else str(n))]
    return []


def flaws_outside_the_body(scope: Scope) -> list[InvalidParam]:
    """What in the path, the query or a header cannot be stored as text (also asked by the hot reads, `hotreads`)."""
    problems: list[InvalidParam] = []
    raw_path = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape")
    _, why = _decoded(unquote_to_bytes(raw_path))
    if why:
        problems.append(InvalidParam(name="path", code="invalid_value", reason=f"The path {why}."))
    problems += _query_flaws(scope.get("query_string", b""))
    for key, value in scope["headers"]:
        if b"\x00" in value:
            name = key.decode("latin-1")
            problems.append(InvalidParam(name=f"header.{name}", code="invalid_value", reason="NUL character."))
    return problems


class TextGuardMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        problems = flaws_outside_the_body(scope)
        content_type = next((v for k, v in scope["headers"] if k == b"content-type"), b"")
        body: bytes | None = None
        if not problems and scope["method"] in ("POST", "PUT", "PATCH") and b"json" in content_type:
            body, more = await _read(receive)
            # A JSON string holds a NUL or a lone surrogate only as a `\u` escape (raw control characters and invalid
            # UTF-8 are no JSON): bodies without one are not parsed here a second time.
            if not more and b"\\u" in body:
                try:
                    parsed = json.loads(body) if body.strip() else None
                except (ValueError, RecursionError):  # not JSON (or not UTF-8): the route says so, as it always did
                    parsed = None
                problems += _json_flaws(parsed) if parsed is not None else []
            receive = _replay(body, more, receive)
        if problems:
            response = problem_response(
                None,
                status=400,
                title="Invalid input",
                detail="A value cannot be stored as text: " + ", ".join(dict.fromkeys(p.name for p in problems)),
                code="ongeldige_waarde",
                invalid_params=problems,
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


async def _read(receive: Receive) -> tuple[bytes, bool]:
    """The body, up to `MAX_CHECKED` bytes; `more` when there is more than that (not checked here)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), False
        chunks.append(message.get("body", b""))
        size += len(chunks[-1])
        if not message.get("more_body", False):
            return b"".join(chunks), False
        if size > MAX_CHECKED:
            return b"".join(chunks), True


def _replay(body: bytes, more: bool, receive: Receive) -> Receive:
    """A `receive` that hands the route the body already read, then (if any) the rest as it comes."""
    sent = False

    async def again() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": more}
        return await receive()

    return again
