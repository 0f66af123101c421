"""Swagger UI reads like the product (issue 30, item 4): every operation named by a written summary, grouped by service
and sub-domain, the audit trail last."""

from __future__ import annotations

import httpx

from .support import RunningPlatform, auth_headers


def test_every_operation_has_a_written_summary_and_a_service_tag() -> None:
    """Swagger UI names each operation by its summary: written (given, or the route's docstring), never the title-cased
    function name FastAPI would make; every operation is tagged."""
    import importlib
    import os

    os.environ.setdefault("AUTH_SECRET", "summaries-test-only")
    generated = []
    for service in ("sporen", "financien", "indicatoren", "gesprekstafels", "notificaties"):
        document = importlib.import_module(f"{service}.main").app.openapi()
        for path, item in document["paths"].items():
            for method, operation in item.items():
                summary = operation.get("summary", "")
                if not summary or summary.lower().replace(" ", "_") in operation.get("operationId", "").lower():
                    generated.append(f"{method.upper()} {path}: {summary!r}")
                assert operation.get("tags"), f"{method.upper()} {path} has no tag"
    assert generated == []


async def test_swagger_ui_groups_operations_by_service_then_sub_domain(platform: RunningPlatform) -> None:
    """Tags per service, then per sub-domain with the service in front (`gesprekstafels · aanvragen`), in the
    product's order, no empty heading, the audit trail once and last; ReDoc's `x-tagGroups` the same."""
    async with httpx.AsyncClient(base_url=platform.gateway, headers=auth_headers(platform)) as client:
        document = (await client.get("/api/v1/openapi.json")).json()
    used: set[str] = set()
    for path, item in document["paths"].items():
        service = path.strip("/").split("/")[0]
        for method, operation in item.items():
            if method not in ("get", "put", "post", "delete", "patch"):
                continue
            for tag in operation["tags"]:
                used.add(tag)
                assert tag == "audittrail" or tag.startswith(f"{service} · ") or path in ("/labels", "/foutcodes"), (
                    path,
                    tag,
                )
    listed = [t["name"] for t in document["tags"]]
    assert set(listed) == used, "every tag in use is listed, none listed without an operation"
    assert listed[-1] == "audittrail" and listed.count("audittrail") == 1
    services = [name.split(" · ")[0] for name in listed if " · " in name]
    order = ("sporen", "indicatoren", "financien", "gesprekstafels", "notificaties")
    assert services == sorted(services, key=order.index), "by service, in the product's order"
    assert all(t.get("description") for t in document["tags"])
    grouped = [name for group in document["x-tagGroups"] for name in group["tags"]]
    assert grouped == listed
