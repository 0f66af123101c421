"""Answers a screen can show (issue 30, item 2 in part): every coded value the API answers or takes has a Dutch label
in one documented resource, `GET /api/v1/labels` — checked over every enumerated value of the merged OpenAPI."""

from __future__ import annotations

import httpx

from .support import RunningPlatform, auth_headers, unique_tenant


def _enums(node: object, found: set[str]) -> set[str]:
    if isinstance(node, dict):
        for value in node.get("enum", []) if isinstance(node.get("enum"), list) else []:
            if isinstance(value, str):
                found.add(value)
        for child in node.values():
            _enums(child, found)
    elif isinstance(node, list):
        for child in node:
            _enums(child, found)
    return found


async def test_every_coded_value_of_the_api_has_a_dutch_label(platform: RunningPlatform) -> None:
    async with httpx.AsyncClient(base_url=f"{platform.gateway}/api/v1") as client:
        document = (await client.get("/openapi.json", headers=auth_headers(platform, unique_tenant()))).json()
        answer = await client.get("/labels")  # public: no token
    assert answer.status_code == 200 and answer.headers["cache-control"].startswith("public")
    labels = answer.json()["labels"]
    codes = _enums(document, set())
    assert len(codes) > 100, "the document's coded values were found"
    assert sorted(codes - set(labels)) == [], "coded values without a Dutch label (add them to labels.py)"
    assert labels["op-koers"] == "Op koers" and labels["in-behandeling"] == "In behandeling"
    assert "/labels" in document["paths"], "documented in the merged OpenAPI"
