"""One shape for every list, literal search terms, and an audit trail that belongs to its own collection: checked over
the merged OpenAPI, so a new route is held to the same rules without anyone remembering it."""

from __future__ import annotations

import re
import uuid

import httpx

from .support import RunningPlatform, all_results, auth_headers, unique_tenant

PAGE_FIELDS = {"count", "next", "previous", "results"}


def _resolve(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _answers(document: dict, operation: dict) -> list[dict]:
    schema = operation["responses"].get("200", {}).get("content", {}).get("application/json", {}).get("schema")
    if schema is None:
        return []
    schema = _resolve(document, schema)
    return [_resolve(document, s) for s in schema.get("anyOf", [])] or [schema]


async def test_every_get_that_answers_a_collection_uses_the_page_shape(platform: RunningPlatform) -> None:
    async with httpx.AsyncClient(base_url=platform.gateway, headers=auth_headers(platform)) as client:
        document = (await client.get("/api/v1/openapi.json")).json()
    bare, pages = [], 0
    for path, item in document["paths"].items():
        operation = item.get("get")
        if operation is None:
            continue
        for answer in _answers(document, operation):
            if answer.get("type") == "array":
                bare.append(path)
            elif set(answer.get("properties", {})) >= PAGE_FIELDS:
                pages += 1
                params = {p["name"] for p in operation.get("parameters", [])}
                assert {"page", "pageSize"} <= params, f"{path} is paged: it takes page and pageSize"
                assert answer["properties"]["results"]["type"] == "array", path
    assert bare == [], f"lists answered as a bare array: {bare}"
    assert pages > 30


async def test_search_terms_are_literal_on_every_route_that_searches(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    async with httpx.AsyncClient(base_url=platform.gateway, headers=auth_headers(platform, tenant)) as client:
        document = (await client.get("/api/v1/openapi.json")).json()
        names = ((1, "Sterke sociale basis"), (2, "Beschermd wonen"), (3, "100% jeugd_hulp"))
        for nummer, naam in names:
            assert (
                await client.post("/api/v1/sporen/sporen", json={"nummer": nummer, "naam": naam})
            ).status_code == 201
        register = "DOSSIERNUMMER;AANVRAGER;REGELINGNAAM;SUBSIDIEJAAR\n" + "".join(
            f"D-{nummer};{naam};Regeling;2016\n" for nummer, naam in names
        )  # the subsidy register, searched by applicant among others
        registered = await client.post(
            "/api/v1/gesprekstafels/subsidieregister", content=register, headers={"Content-Type": "text/csv"}
        )
        assert registered.status_code == 200, registered.text
        searching = [
            path
            for path, item in document["paths"].items()
            if "get" in item and any(p["name"] == "zoek" for p in item["get"].get("parameters", []))
        ]
        assert searching, "the routes that take a search term"
        for path in searching:
            url = "/api/v1" + path
            assert (await client.get(url, params={"zoek": "basis"})).json()["count"] == 1, path
            for term, found in (("%", 1), ("_", 1), ("%%", 0), ("\\", 0), ("b%s", 0), ("S_erke", 0)):
                answer = await client.get(url, params={"zoek": term})
                assert answer.status_code == 200 and answer.json()["count"] == found, (path, term, answer.text)


async def test_an_audit_trail_belongs_to_its_own_collection_only(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    async with httpx.AsyncClient(base_url=platform.gateway, headers=auth_headers(platform, tenant)) as client:
        document = (await client.get("/api/v1/openapi.json")).json()
        spoor = (await client.post("/api/v1/sporen/sporen", json={"nummer": 1, "naam": "Eigen"})).json()
        trails = [p for p in document["paths"] if p.endswith("/audittrail")]
        assert len(trails) > 15 and not any(p.startswith("/{") or "/{collection}/" in p for p in trails)
        own = f"/api/v1/sporen/sporen/{spoor['id']}/audittrail"
        assert len(await all_results(client, own)) == 1
        for path in trails:
            url = "/api/v1" + re.sub(r"\{objectId\}", spoor["id"], path)
            if url == own:
                continue
            answer = await client.get(url)
            assert answer.status_code == 200 and answer.json()["count"] == 0, (path, answer.text)
        for word in ("onzin", "aanvragen", "x"):
            assert (await client.get(f"/api/v1/sporen/{word}/{spoor['id']}/audittrail")).status_code == 404
        assert (await client.get(f"/api/v1/gesprekstafels/iets/{uuid.uuid4()}/audittrail")).status_code == 404


async def test_every_get_answers_an_etag_and_a_repeated_read_is_304(platform: RunningPlatform) -> None:
    """Conditional GET over every collection route of the merged OpenAPI (through the gateway), and on a thing whose
    embedded data changes while its own version does not: a new tag, not a stale 304."""
    tenant = unique_tenant()
    async with httpx.AsyncClient(base_url=platform.gateway, headers=auth_headers(platform, tenant)) as client:
        document = (await client.get("/api/v1/openapi.json")).json()
        spoor = (await client.post("/api/v1/sporen/sporen", json={"nummer": 1, "naam": "Eigen"})).json()
        collections = [
            path
            for path, item in document["paths"].items()
            if "get" in item and "{" not in path and not path.endswith(("/stroom", "/docs", "/redoc"))
        ]
        checked = 0
        for path in collections:
            first = await client.get("/api/v1" + path)
            if first.status_code != 200:  # a route that needs parameters answers 400: not this test's concern
                continue
            tag = first.headers.get("etag")
            assert tag and tag.startswith('"'), path
            again = await client.get("/api/v1" + path, headers={"If-None-Match": tag})
            assert again.status_code == 304 and again.content == b"", (path, again.status_code)
            assert again.headers["etag"] == tag
            other = await client.get("/api/v1" + path, headers={"If-None-Match": '"iets-anders"'})
            assert other.status_code == 200 and other.content == first.content, path
            checked += 1
        assert checked > 30, checked

        url = f"/api/v1/sporen/sporen/{spoor['id']}"
        read = await client.get(url, params={"expand": "voortgang"})
        tag = read.headers["etag"]
        assert tag.startswith(f'"{spoor["versie"]}.'), "the version stays readable for If-Match"
        added = await client.post(f"{url}/voortgang", json={"periode": "2024S1", "gerealiseerd": "Gestart."})
        assert added.status_code == 201, added.text
        changed = await client.get(url, params={"expand": "voortgang"}, headers={"If-None-Match": tag})
        assert changed.status_code == 200 and changed.headers["etag"] != tag, "embedded data changed: not 304"
        renamed = await client.patch(url, json={"naam": "Eigen spoor"}, headers={"If-Match": changed.headers["etag"]})
        assert renamed.status_code == 200, renamed.text
