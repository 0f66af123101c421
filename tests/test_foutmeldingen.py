"""Errors that say what to fix (issue 30, item 3): every body field of every operation of the merged OpenAPI, sent a
value of the wrong kind, is refused naming the field, with what was expected in words — an example where a shape is
asked, "eurocenten" for money — and never a regular expression; in Dutch, and in English with `Accept-Language: en`.
A body that is no JSON says its line and column."""

from __future__ import annotations

import re
import uuid

import httpx

from .support import RunningPlatform, auth_headers, unique_tenant

REGEX = re.compile(r"\\d|\^|\$|\[0-9|\(\?|\{\d+,?\d*\}")


def _schema(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _wrong(document: dict, prop: dict) -> tuple[object, str] | None:
    """A value of the wrong kind for a property, and what kind of answer it must get."""
    options = [_schema(document, p) for p in prop.get("anyOf", [prop])]
    kinds = {o.get("type") for o in options}
    if any("pattern" in o for o in options):
        return "??", "pattern"
    if "integer" in kinds:
        return "twaalf", "integer"
    if "string" in kinds and not kinds & {"number", "integer"}:
        return 12345, "string"
    if "array" in kinds:
        return "geen lijst", "array"
    if "boolean" in kinds:
        return "misschien", "boolean"
    return None


async def test_every_body_field_is_refused_in_words_with_an_example(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    headers = auth_headers(platform, tenant, "beheerder")
    async with httpx.AsyncClient(base_url=platform.gateway, headers=headers, timeout=10) as client:
        document = (await client.get("/api/v1/openapi.json")).json()
        checked = 0
        for path, item in document["paths"].items():
            for method, operation in item.items():
                content = operation.get("requestBody", {}).get("content", {}).get("application/json")
                if method not in ("post", "put", "patch") or not content:
                    continue
                schema = _schema(document, content["schema"])
                target = "/api/v1" + re.sub(r"\{\w+\}", str(uuid.uuid4()), path)
                for name, prop in schema.get("properties", {}).items():
                    wrong = _wrong(document, prop)
                    if wrong is None:
                        continue
                    value, kind = wrong
                    for language in ("nl", "en"):
                        answer = await client.request(
                            method.upper(), target, json={name: value}, headers={"Accept-Language": language}
                        )
                        if answer.status_code in (403, 404, 405, 409, 412, 428):
                            continue  # refused before the body is read (the role, the version): nothing to judge
                        assert answer.status_code in (400, 422), (method, path, name, answer.text)
                        params = {p["name"]: p for p in answer.json().get("invalidParams", [])}
                        assert name in params, (method, path, name, params)
                        said = params[name]["reason"]
                        assert not REGEX.search(said), (method, path, name, said)
                        if language == "nl":
                            assert said.startswith(("verwacht", "te ", "onbekend", "verplicht")), (path, name, said)
                            if kind == "pattern":
                                assert " als " in said or "bijvoorbeeld" in said, said  # an example
                            if name.lower().endswith("cent"):
                                assert "eurocenten" in said, (path, name, said)
                        else:
                            assert said.startswith(("expected", "too ", "unknown", "required")), (path, name, said)
                        checked += 1
        assert checked > 200, checked
        broken = await client.post(
            "/api/v1/sporen/sporen",
            content=b'{\n  "nummer": 1,\n  "naam": "x",,\n}',
            headers={"Content-Type": "application/json"},
        )
        assert broken.status_code == 400
        (param,) = broken.json()["invalidParams"]
        assert param["name"] == "body" and param["reason"] == "geen geldige JSON bij regel 3, kolom 15", param
        english = await client.post(
            "/api/v1/sporen/sporen", content=b"{", headers={"Content-Type": "application/json", "Accept-Language": "en"}
        )
        assert english.json()["title"] == "Invalid input" and "line 1" in english.json()["invalidParams"][0]["reason"]
