"""HTTP conventions over the real platform (through the gateway): ADR headers, problem+json, tenancy, paging."""

from __future__ import annotations

import itertools
import json
import re
import uuid
from urllib.parse import quote

import httpx

from .support import RunningPlatform, auth_headers, unique_tenant

PROBLEM = "application/problem+json"


def _client(platform: RunningPlatform, tenant: str | None = None) -> httpx.AsyncClient:
    headers = auth_headers(platform, tenant) if tenant else {}
    return httpx.AsyncClient(base_url=platform.gateway, headers=headers, timeout=10)


def _assert_problem(response: httpx.Response, status: int, *fields: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    named = {p["name"] for p in body.get("invalidParams", [])}
    assert set(fields) <= named, f"expected {fields} named in {named}"
    return body


async def test_version_and_correlation_headers_pass_through_the_gateway(platform: RunningPlatform) -> None:
    async with _client(platform, "GM0193") as client:
        response = await client.get("/api/v1/sporen/sporen", headers={"X-Correlation-ID": "test-corr-42"})
    assert response.status_code == 200
    assert response.headers["API-Version"] == "1.0.0"
    assert response.headers["X-Correlation-ID"] == "test-corr-42"
    assert response.headers.get_list("API-Version") == ["1.0.0"], "one API-Version header, not the service's twice"


async def test_the_token_names_the_municipality_and_a_malformed_header_is_400(platform: RunningPlatform) -> None:
    async with _client(platform) as client:
        refused = await client.get("/api/v1/sporen/sporen")
        _assert_problem(refused, 401)
        assert refused.headers["WWW-Authenticate"].startswith("Bearer")
    async with _client(platform, "GM0193") as client:
        del client.headers["Gemeente-Code"]
        assert (await client.get("/api/v1/sporen/sporen")).status_code == 200, "the token's municipality"
        response = await client.get("/api/v1/indicatoren/sporen", headers={"Gemeente-Code": "Zwolle"})
        _assert_problem(response, 400, "header.Gemeente-Code")
        other = await client.get("/api/v1/indicatoren/sporen", headers={"Gemeente-Code": "GM0363"})
        assert _assert_problem(other, 403)["code"] == "andere_gemeente"


async def test_invalid_bodies_are_400_naming_each_field(platform: RunningPlatform) -> None:
    async with _client(platform, unique_tenant()) as client:
        url = "/api/v1/sporen/sporen"
        _assert_problem(await client.post(url, json={"nummer": "drie", "naam": ""}), 400, "nummer", "naam")
        _assert_problem(await client.post(url, json={"nummer": 1, "naam": "x" * 201}), 400, "naam")
        _assert_problem(await client.post(url, json={"nummer": 1, "naam": "x", "kleur": "rood"}), 400, "kleur")
        _assert_problem(await client.post(url, json={"nummer": 1}), 400, "naam")
        _assert_problem(await client.post(url, json={"nummer": 1, "naam": "x", "status": "weg"}), 400, "status")
        not_json = await client.post(url, content=b"{nummer:", headers={"Content-Type": "application/json"})
        _assert_problem(not_json, 400, "body")
        _assert_problem(await client.get("/api/v1/sporen/sporen?pageSize=1000"), 400, "query.pageSize")
        _assert_problem(await client.get("/api/v1/sporen/sporen/niet-een-uuid"), 400, "path.spoorId")


async def test_domain_conflicts_and_unknown_resources(platform: RunningPlatform) -> None:
    async with _client(platform, unique_tenant()) as client:
        assert (
            await client.post("/api/v1/sporen/sporen", json={"nummer": 4, "naam": "Participatie"})
        ).status_code == 201
        _assert_problem(await client.post("/api/v1/sporen/sporen", json={"nummer": 4, "naam": "Dubbel"}), 409)
        _assert_problem(await client.get(f"/api/v1/sporen/sporen/{uuid.uuid4()}"), 404)
        _assert_problem(await client.get("/api/v1/onbekend/iets"), 404)


async def test_stale_update_is_refused_never_silently_overwritten(platform: RunningPlatform) -> None:
    async with _client(platform, unique_tenant()) as client:
        created = await client.post("/api/v1/sporen/sporen", json={"nummer": 2, "naam": "Beschermd wonen"})
        url = f"/api/v1/sporen/sporen/{created.json()['id']}"
        assert created.headers["ETag"] == '"1"'
        first = await client.patch(url, json={"naam": "Beschermd thuis"}, headers={"If-Match": '"1"'})
        assert first.status_code == 200 and first.json()["versie"] == 2
        _assert_problem(await client.patch(url, json={"naam": "Oud"}, headers={"If-Match": '"1"'}), 412)
        _assert_problem(await client.patch(url, json={"naam": "Oud", "versie": 1}), 412)
        _assert_problem(await client.patch(url, json={"naam": "Zonder versie"}), 428)
        assert (await client.get(url)).json()["naam"] == "Beschermd thuis"


async def test_one_municipality_never_sees_another(platform: RunningPlatform) -> None:
    mine, other = unique_tenant(), unique_tenant()
    async with _client(platform, mine) as client:
        spoor_id = (await client.post("/api/v1/sporen/sporen", json={"nummer": 1, "naam": "Eigen"})).json()["id"]
    async with _client(platform, other) as client:
        assert (await client.get("/api/v1/sporen/sporen")).json()["count"] == 0
        _assert_problem(await client.get(f"/api/v1/sporen/sporen/{spoor_id}"), 404)
        patched = await client.patch(f"/api/v1/sporen/sporen/{spoor_id}", json={"naam": "Gekaapt", "versie": 1})
        _assert_problem(patched, 404)


async def test_pagination_links_point_at_the_gateway(platform: RunningPlatform) -> None:
    async with _client(platform, unique_tenant()) as client:
        for nummer in (1, 2, 3):
            await client.post("/api/v1/sporen/sporen", json={"nummer": nummer, "naam": f"spoor {nummer}"})
        first = (await client.get("/api/v1/sporen/sporen", params={"pageSize": 2})).json()
        assert first["count"] == 3 and len(first["results"]) == 2 and first["previous"] is None
        assert first["next"].startswith(platform.gateway + "/api/v1/sporen/sporen")
        second = (await client.get(first["next"])).json()
        assert [r["nummer"] for r in second["results"]] == [3]
        assert second["next"] is None and second["previous"]


BAD_VALUES = ["", "x" * 5000, "-1", "0", "1e309", "null", "../../etc/passwd", "'; DROP TABLE x; --", "\u0000", "💥"]
BAD_BODIES = [
    b"",
    b"null",
    b"[]",
    b"{}",
    b'{"nummer": -1, "naam": null}',
    b'{"nummer": 99999999999999999999, "naam": "x"}',
    b'{"naam": {"nested": true}}',
    b'{"versie": "x"}',
    '{"naam": "\u0000"}'.encode(),
    b"\xff\xfe",
]


async def test_no_request_makes_a_500(platform: RunningPlatform) -> None:
    """Every operation of the merged OpenAPI, fed malformed parameters and bodies, answers < 500."""
    async with _client(platform, unique_tenant()) as client:
        document = (await client.get("/api/v1/openapi.json")).json()
        existing = (await client.post("/api/v1/sporen/sporen", json={"nummer": 1, "naam": "x"})).json()["id"]
        tried = 0
        for path, item in document["paths"].items():
            for method in item:
                if "text/event-stream" in item[method]["responses"].get("200", {}).get("content", {}):
                    continue  # a live stream never ends; tests/test_edge.py covers it
                concrete = re.sub(r"\{\w+\}", str(uuid.uuid4()), path.replace("{spoorId}", existing))
                for value in BAD_VALUES:
                    for target in (re.sub(r"\{\w+\}", quote(value, safe="") or "x", path), concrete):
                        response = await client.request(
                            method.upper(),
                            "/api/v1" + target,
                            params={"page": value, "pageSize": value},
                            headers={"If-Match": value[:100] if value.isascii() and value.isprintable() else "x"},
                        )
                        tried += 1
                        assert response.status_code < 500, (method, target, value, response.text)
                if method in ("post", "patch", "put"):
                    for body, content_type in itertools.product(BAD_BODIES, ("application/json", "text/plain")):
                        response = await client.request(
                            method.upper(), "/api/v1" + concrete, content=body, headers={"Content-Type": content_type}
                        )
                        tried += 1
                        assert response.status_code < 500, (method, concrete, body, response.text)
                        if response.status_code >= 400:
                            assert response.headers["content-type"].startswith(PROBLEM)
        assert tried > 100


CSV_BODIES = [
    b"indicator;periode;gebied;waarde\rx;2024;GM0193;1\r",  # bare carriage returns (old spreadsheet exports)
    b"indicator;periode;gebied;waarde\nx;2024;GM\r0193;1\n",  # one inside a field
    b'indicator;periode;gebied;waarde\n"x;2024;GM0193;1\n',  # an unbalanced quote
    b"indicator;periode;gebied;waarde\nx;2024;GM0193;\x001\n",  # a NUL byte
    b"select,Onderwerpcode,Naam\r\n,a\rb,c\r\n",
    b"\r\r\r",
    b'"',
]


async def test_no_csv_body_makes_a_500(platform: RunningPlatform) -> None:
    """Every operation that takes CSV, fed what Excel and broken tools write, answers 4xx naming a line or 2xx."""
    async with _client(platform, unique_tenant()) as client:
        document = (await client.get("/api/v1/openapi.json")).json()
        csv_operations = [
            (path, method)
            for path, item in document["paths"].items()
            for method, operation in item.items()
            if "text/csv" in operation.get("requestBody", {}).get("content", {})
        ]
        assert len(csv_operations) >= 2
        for path, method in csv_operations:
            for body in CSV_BODIES:
                response = await client.request(
                    method.upper(), "/api/v1" + path, content=body, headers={"Content-Type": "text/csv"}
                )
                assert response.status_code < 500, (path, body, response.text)
                if response.status_code >= 400:
                    assert response.headers["content-type"].startswith(PROBLEM)
                    assert all(p["name"] for p in response.json().get("invalidParams", [])), response.text


async def test_a_csv_with_bare_carriage_returns_is_read_as_lines(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    async with _client(platform, tenant) as client:
        made = await client.post(
            "/api/v1/indicatoren/indicatoren", json={"code": "cr", "naam": "cr", "richting": "stabiel"}
        )
        assert made.status_code == 201
        body = f"indicator;periode;gebied;waarde\rcr;2024;{tenant};1,5\rcr;2025;{tenant};2\r".encode()
        answer = await client.post(
            "/api/v1/indicatoren/metingen/bulk", content=body, headers={"Content-Type": "text/csv"}
        )
        assert answer.status_code == 200 and answer.json()["nieuw"] == 2, answer.text
        bad = f"indicator;periode;gebied;waarde\rcr;2024;{tenant};1\rcr;2026;{tenant};x\r".encode()
        refused = await client.post(
            "/api/v1/indicatoren/metingen/bulk", content=bad, headers={"Content-Type": "text/csv"}
        )
        assert [p["name"] for p in refused.json()["invalidParams"]] == ["line 3: waarde"], "lines counted at each CR"


#: Strings PostgreSQL's text cannot hold, as they arrive: NUL, a UTF-8-encoded lone surrogate, overlong UTF-8.
RAW_QUERY_VALUES = ["%00", "a%00b", "%ED%A0%80", "%C0%80", "%FF"]
JSON_STRINGS = ["\x00", "x\x00y", "\ud800", "\udfff tail"]


def _schema(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _string_fields(document: dict, operation: dict) -> list[str]:
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if not content:
        return []
    schema = _schema(document, content["schema"])
    names = []
    for name, prop in schema.get("properties", {}).items():
        kinds = [_schema(document, p).get("type") for p in prop.get("anyOf", [prop])]
        if "string" in kinds:
            names.append(name)
    return names


async def test_no_string_the_database_refuses_makes_a_5xx(platform: RunningPlatform) -> None:
    """Every operation of the merged OpenAPI, as every role, with NUL, lone surrogates and invalid UTF-8 in its query,
    path and each string field of its body: never 5xx; refused as 400 naming where; every problem has its
    correlationId."""
    tenant = unique_tenant()
    async with _client(platform, tenant) as admin:
        document = (await admin.get("/api/v1/openapi.json")).json()
    tried = refused = 0
    for rol in ("beleid", "financien", "raad", "subsidieadministratie", "partner", "beheerder"):
        headers = auth_headers(platform, tenant, rol, organisatie="Stichting Proef" if rol == "partner" else None)
        async with httpx.AsyncClient(base_url=platform.gateway, headers=headers, timeout=10) as client:
            for path, item in document["paths"].items():
                for method, operation in item.items():
                    if "text/event-stream" in operation["responses"].get("200", {}).get("content", {}):
                        continue
                    concrete = re.sub(r"\{\w+\}", str(uuid.uuid4()), path)
                    params = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"] or ["zoek"]
                    value = RAW_QUERY_VALUES[tried % len(RAW_QUERY_VALUES)]
                    query = "&".join(f"{name}={value}" for name in params)
                    for target in (f"/api/v1{concrete}?{query}", "/api/v1" + re.sub(r"\{\w+\}", value, path)):
                        response = await client.request(method.upper(), target)
                        tried += 1
                        assert response.status_code < 500, (rol, method, target, response.text)
                        if response.status_code >= 400 and response.headers["content-type"].startswith(PROBLEM):
                            assert response.json().get("correlationId"), (rol, method, target, response.text)
                        if target.startswith(f"/api/v1{concrete}?") and response.status_code == 400:
                            named = {p["name"] for p in response.json().get("invalidParams", [])}
                            refused += bool(named & {f"query.{n}" for n in params})
                    fields = _string_fields(document, operation)
                    if method in ("post", "put", "patch") and fields and rol in ("beheerder", "partner"):
                        for bad in JSON_STRINGS:
                            body = json.dumps({name: bad for name in fields})  # \u escapes: a lone surrogate too
                            response = await client.request(
                                method.upper(),
                                f"/api/v1{concrete}",
                                content=body,
                                headers={"Content-Type": "application/json"},
                            )
                            tried += 1
                            assert response.status_code < 500, (rol, method, concrete, bad, response.text)
                            assert response.status_code == 400, (rol, method, concrete, response.text)
                            named = {p["name"] for p in response.json().get("invalidParams", [])}
                            assert named & set(fields), (method, concrete, named)
                            assert response.json().get("correlationId")
    print(
        f"\nstrings the database refuses: {tried} requests as 6 roles, {refused} refusals naming the parameter, 0 x 5xx"
    )
    assert tried > 1000 and refused > 100, (tried, refused)


async def test_no_shared_cache_serves_one_callers_answer_to_another(platform: RunningPlatform) -> None:
    """Every answer is private to its caller and varies on the token and the language (and, for browsers, Origin)."""
    async with _client(platform, unique_tenant()) as client:
        paths = [
            "/api/v1/sporen/sporen",
            "/api/v1/sporen/ambities",
            "/api/v1/indicatoren/indicatoren",
            "/api/v1/financien/rapportages/totaalopgave",
            "/api/v1/financien/rapportages/totaalopgave?formaat=csv",
            "/api/v1/gesprekstafels/mandaten",
            "/api/v1/notificaties/kanalen",
            "/api/v1/sporen/sporen/" + str(uuid.uuid4()),  # a 404 too
        ]
        for path, origin in [(p, o) for p in paths for o in ({"Origin": "http://localhost:5173"}, {})]:
            answer = await client.get(path, headers=origin)  # a browser's call, and any other caller's
            assert answer.headers["cache-control"] == "private, no-cache", (path, answer.headers)
            vary = {v.strip().lower() for v in answer.headers["vary"].split(",")}
            assert {"authorization", "accept-language", "origin"} <= vary, (path, answer.headers["vary"])
            assert len(answer.headers.get_list("vary")) == 1, "one Vary header"
            if answer.status_code == 200 and "etag" in answer.headers:
                cached = await client.get(path, headers={"If-None-Match": answer.headers["etag"]})
                assert cached.status_code == 304 and cached.headers["cache-control"] == "private, no-cache"


async def test_an_unknown_query_parameter_is_named_on_every_route(platform: RunningPlatform) -> None:
    """Every operation of the merged OpenAPI: a parameter it does not take (`jaar` where there is no year, a typo of
    `pageSize`) is a 400 naming it, never silently ignored; the ones it documents are accepted."""
    async with _client(platform, unique_tenant()) as client:
        document = (await client.get("/api/v1/openapi.json")).json()
        tried = 0
        for path, item in document["paths"].items():
            for method, operation in item.items():
                if "text/event-stream" in operation["responses"].get("200", {}).get("content", {}):
                    continue  # the live stream is tested in tests/test_edge.py
                declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
                unknown = "onbekendeParameter" if "jaar" in declared else "jaar"
                concrete = re.sub(r"\{\w+\}", str(uuid.uuid4()), path)
                answer = await client.request(method.upper(), f"/api/v1{concrete}", params={unknown: "1"})
                tried += 1
                assert answer.status_code == 400, (method, path, answer.status_code, answer.text[:200])
                named = {p["name"] for p in answer.json().get("invalidParams", [])}
                assert f"query.{unknown}" in named, (method, path, named)
                if method == "get" and "pageSize" in declared:  # a documented one passes this check
                    answer = await client.get(f"/api/v1{concrete}", params={"pageSize": "5"})
                    assert "query.pageSize" not in {p["name"] for p in answer.json().get("invalidParams", [])}
        assert tried > 100, tried
