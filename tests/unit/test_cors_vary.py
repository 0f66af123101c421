"""The gateway's CORS answer adds `Vary: Origin` exactly as Starlette's does, on every kind of header list."""

from __future__ import annotations

import asyncio

import pytest
from gateway.main import Cors
from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware

HEADER_LISTS = [
    [],
    [(b"content-type", b"application/json")],
    [(b"vary", b"Authorization, Accept-Language")],
    [(b"vary", b"Authorization"), (b"etag", b'"1"'), (b"vary", b"Accept-Language")],
    [(b"etag", b'"1"'), (b"Vary", b"Accept"), (b"cache-control", b"private, no-cache")],
]
REQUESTS = [
    [],
    [(b"origin", b"http://localhost:5173")],
    [(b"origin", b"https://elders.example")],
]


async def _answer(cors: CORSMiddleware, cls: type, headers: list, request: list) -> list:
    sent: list = []

    async def send(message: dict) -> None:
        sent.append(message)

    message = {"type": "http.response.start", "status": 200, "headers": list(headers)}
    await cls.send(cors, message, send, Headers(raw=request))
    return sent[0]["headers"]


@pytest.mark.parametrize("headers", HEADER_LISTS)
@pytest.mark.parametrize("request_headers", REQUESTS)
def test_vary_origin_as_starlette_adds_it(headers: list, request_headers: list) -> None:
    cors = Cors(lambda *_: None, allow_origin_regex=r"^http://localhost(:\d+)?$", allow_methods=["GET"])
    ours = asyncio.run(_answer(cors, Cors, headers, request_headers))
    theirs = asyncio.run(_answer(cors, CORSMiddleware, headers, request_headers))
    assert ours == theirs
