"""Money and counts are strict integers on the wire, in every request schema of every service.

JSON `true`, `"250"`, `500.0` and `1e3` are not 1, 250, 500 or 1000 cents: each is a 400 that names the field. The
test reads the merged OpenAPI, finds every integer in every request body (nested objects, arrays and maps too), and
sends each of those values in its place through the gateway.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx

from .support import RunningPlatform, auth_headers, unique_tenant

NOT_INTEGERS = [True, "250", 500.0, 1e3]


def _resolve(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _integers(document: dict, schema: dict, path: tuple = (), depth: int = 0) -> list[tuple]:
    """Paths (keys and list positions) to every integer a body may carry."""
    schema = _resolve(document, schema)
    if depth > 6:
        return []
    if schema.get("type") == "integer":
        return [path]
    found: list[tuple] = []
    for option in schema.get("anyOf", []) + schema.get("oneOf", []) + schema.get("allOf", []):
        found += _integers(document, option, path, depth + 1)
    for name, prop in schema.get("properties", {}).items():
        found += _integers(document, prop, (*path, name), depth + 1)
    if isinstance(schema.get("items"), dict):
        found += _integers(document, schema["items"], (*path, 0), depth + 1)
    if isinstance(schema.get("additionalProperties"), dict):
        found += _integers(document, schema["additionalProperties"], (*path, "2021"), depth + 1)
    return list(dict.fromkeys(found))


def _body(path: tuple, value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    return [_body(rest, value)] if head == 0 else {head: _body(rest, value)}


async def test_every_integer_of_every_request_body_is_strict(platform: RunningPlatform) -> None:
    async with httpx.AsyncClient(
        base_url=platform.gateway, headers=auth_headers(platform, unique_tenant()), timeout=30
    ) as client:
        document = (await client.get("/api/v1/openapi.json")).json()
        checked, lax = 0, []
        for route, item in document["paths"].items():
            for method, operation in item.items():
                schema = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
                if schema is None:
                    continue
                url = "/api/v1" + re.sub(r"\{\w+\}", str(uuid.uuid4()), route)
                for path in _integers(document, schema):
                    name = ".".join(str(p) for p in path) or "body"
                    for value in NOT_INTEGERS:
                        response = await client.request(method.upper(), url, json=_body(path, value))
                        named = {p["name"]: p["code"] for p in response.json().get("invalidParams", [])}
                        if response.status_code != 400 or named.get(name) != "int_type":
                            lax.append((method.upper(), route, name, value, response.status_code, named.get(name)))
                        checked += 1
    assert checked > 100, "the walk found the request bodies' integers"
    assert lax == [], f"accepted a non-integer as an integer: {lax[:10]}"


async def test_a_coerced_amount_is_never_stored(platform: RunningPlatform) -> None:
    """The reported case: `bedragCent: true` was stored as 1 cent, `"250"` as 250."""
    async with httpx.AsyncClient(
        base_url=f"{platform.gateway}/api/v1/financien", headers=auth_headers(platform, unique_tenant()), timeout=30
    ) as client:
        for value in NOT_INTEGERS:
            post = {
                "jaar": 2026,
                "soort": "budget",
                "omschrijving": "x",
                "bedragCent": value,
                "karakter": "structureel",
            }
            refused = await client.post("/begrotingsposten", json=post)
            assert refused.status_code == 400, refused.text
            assert refused.json()["invalidParams"][0]["name"] == "bedragCent"
        stored = (await client.get("/begrotingsposten")).json()
        assert stored["count"] == 0, "nothing was written"
        fine = await client.post("/begrotingsposten", json=post | {"bedragCent": 250})
        assert fine.status_code == 201 and fine.json()["bedragCent"] == 250, fine.text
