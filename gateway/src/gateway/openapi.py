"""One OpenAPI document for the whole platform, merged from the services' own documents.

Each service publishes an ADR-shaped document (paths `/<service>/…`, server `/api/v1`). Merging unions the
paths and tags, and keeps component schemas apart per service by prefixing their names (`SporenSpoorRead`),
except the ones that are identical everywhere (`Problem`, `InvalidParam`). A service that is down is left out
and named in `x-unavailable-services`, so the document never fails as a whole.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import httpx
from stuurcyclus_common.logs import get_logger
from stuurcyclus_common.openapi import adr_openapi
from stuurcyclus_common.settings import API_PREFIX

from .proxy import UPSTREAM_ERRORS

log = get_logger(__name__)

DESCRIPTION = (
    "Public API of stuurcyclus, the platform a municipality uses to steer its social domain "
    "(Hervormingsagenda Sociaal Domein). Every path is `/api/v1/<service>/…`; every request carries a bearer "
    "token that names the municipality (`gemeente` claim), and may name it again in the `Gemeente-Code` header "
    "(a different one than the token's is refused with 403); errors are RFC 9457 problem+json."
)


def _rename_refs(node: Any, renames: dict[str, str]) -> Any:
    if isinstance(node, dict):
        return {
            k: (_renamed_ref(v, renames) if k == "$ref" and isinstance(v, str) else _rename_refs(v, renames))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_rename_refs(v, renames) for v in node]
    return node


def _renamed_ref(ref: str, renames: dict[str, str]) -> str:
    prefix = "#/components/schemas/"
    if ref.startswith(prefix) and ref[len(prefix) :] in renames:
        return prefix + renames[ref[len(prefix) :]]
    return ref


def _public_document(name: str, summary: str, description: str) -> dict[str, Any]:
    """The OpenAPI of a document the gateway serves itself, the same for everyone: `{"taal": "nl", <name>: {…}}`."""
    schema = {
        "type": "object",
        "required": ["taal", name],
        "properties": {
            "taal": {"type": "string", "description": "`nl`."},
            name: {"type": "object", "additionalProperties": {"type": "string"}},
        },
    }
    return {
        "get": {
            "tags": ["labels"],
            "summary": summary,
            "description": f"{description} Public and the same for everyone (cached for an hour).",
            "operationId": name,
            "security": [],
            "responses": {"200": {"description": "The document.", "content": {"application/json": {"schema": schema}}}},
        }
    }


#: The gateway's own API routes, beside the services'.
GATEWAY_PATHS: dict[str, Any] = {
    "/foutcodes": _public_document(
        "foutcodes",
        "The one vocabulary of problem codes, each with what it means (Dutch)",
        "One object `foutcodes` from a problem's `code` to its meaning, e.g. `bestaat_al` → `Er bestaat al een met "
        "deze sleutel.`; every code a service answers is in it (and `http_<status>` from the framework).",
    ),
    "/labels": _public_document(
        "labels",
        "The Dutch label of every coded value (statuses, kinds, directions, phases, courses, roles)",
        "One object `labels` from code to label, e.g. `op-koers` → `Op koers`; every enumerated value of this "
        "document has one.",
    ),
}


#: The services in the order a reader meets the product: the agenda, its indicators, the money, the cycle, deliveries.
SERVICE_ORDER = ("sporen", "indicatoren", "financien", "gesprekstafels", "notificaties")
#: Tags every service shares, listed once and last (an operator's and an auditor's, not a screen's).
SHARED_TAGS = {"audittrail": "The audit trail of every collection: who changed what, when (every service)."}
METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


def _tag_name(service: str, tag: str) -> str:
    """A service's sub-domain tag with the service in front (`gesprekstafels · aanvragen`); shared ones as they are."""
    return tag if tag in SHARED_TAGS or tag.startswith(f"{service} · ") else f"{service} · {tag}"


def _retag(service: str, doc: dict[str, Any], tags: dict[str, dict[str, Any]]) -> None:
    """Name every operation's tags after its service, and collect the tags in use (never an empty heading) with
    their descriptions."""
    described = {t["name"]: t.get("description") for t in doc.get("tags", [])}
    for item in doc.get("paths", {}).values():
        for method in METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            operation["tags"] = [_tag_name(service, t) for t in operation.get("tags") or [service]]
            for tag in operation["tags"]:
                if tag not in tags:
                    plain = tag.removeprefix(f"{service} · ")
                    text = SHARED_TAGS.get(tag) or described.get(plain) or f"{service}: {plain}."
                    tags[tag] = {"name": tag, "description": text}


def _ordered_tags(tags: dict[str, dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The tags by service in the product's order, each service's sub-domains alphabetically, the shared ones last;
    and the same as `x-tagGroups` (ReDoc's grouping, one group per service)."""
    groups: list[dict[str, Any]] = []
    ordered: list[dict[str, Any]] = []
    services = [s for s in SERVICE_ORDER] + sorted({t.split(" · ")[0] for t in tags if " · " in t} - set(SERVICE_ORDER))
    for service in services:
        own = sorted(name for name in tags if name.startswith(f"{service} · "))
        if own:
            groups.append({"name": service, "tags": own})
            ordered += [tags[name] for name in own]
    rest = sorted(name for name in tags if " · " not in name and name not in SHARED_TAGS)
    last = [name for name in SHARED_TAGS if name in tags]
    if rest:
        groups.append({"name": "platform", "tags": rest})
    if last:
        groups.append({"name": "verantwoording van wijzigingen", "tags": last})
    ordered += [tags[name] for name in rest + last]
    return ordered, groups


def merge_documents(documents: dict[str, dict[str, Any]], unavailable: list[str]) -> dict[str, Any]:
    """Merge the services' documents (by service name) into one ADR-shaped document."""
    schemas_by_name: dict[str, list[str]] = {}
    for doc in documents.values():
        for name, schema in doc.get("components", {}).get("schemas", {}).items():
            schemas_by_name.setdefault(name, []).append(json.dumps(schema, sort_keys=True))
    shared = {name for name, versions in schemas_by_name.items() if len(set(versions)) == 1 and len(versions) > 1}

    paths: dict[str, Any] = {}
    webhooks: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    tags: dict[str, dict[str, Any]] = {}
    for service, doc in sorted(documents.items()):
        own = doc.get("components", {}).get("schemas", {})
        renames = {name: service.capitalize() + name for name in own if name not in shared}
        doc = _rename_refs(doc, renames)
        for name, schema in doc.get("components", {}).get("schemas", {}).items():
            schemas[renames.get(name, name)] = schema
        _retag(service, doc, tags)
        paths.update(doc.get("paths", {}))
        webhooks.update(doc.get("webhooks", {}))

    paths.update(GATEWAY_PATHS)
    tags.setdefault("labels", {"name": "labels", "description": "Dutch labels of every coded value (gateway)."})
    ordered_tags, tag_groups = _ordered_tags(tags)
    merged: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "stuurcyclus API", "description": DESCRIPTION},
        "paths": dict(sorted(paths.items())),
        "components": {"schemas": schemas},
        "tags": ordered_tags,
        "x-tagGroups": tag_groups,
    }
    if webhooks:  # what notificaties sends to subscribers (OpenAPI 3.1)
        merged["webhooks"] = dict(sorted(webhooks.items()))
    if unavailable:
        merged["x-unavailable-services"] = unavailable
    return adr_openapi(merged)


class MergedOpenAPI:
    """Fetches the services' documents concurrently and caches the merged one for a short while."""

    def __init__(self, urls: dict[str, str], client: httpx.AsyncClient, cache_seconds: float) -> None:
        self.urls = urls
        self.client = client
        self.cache_seconds = cache_seconds
        self._cached: tuple[float, dict[str, Any]] | None = None

    async def document(self) -> dict[str, Any]:
        if self._cached and time.monotonic() - self._cached[0] < self.cache_seconds:
            return self._cached[1]
        results = await asyncio.gather(*(self._fetch(s, u) for s, u in self.urls.items()))
        documents = {service: doc for service, doc in results if doc is not None}
        unavailable = [service for service, doc in results if doc is None]
        merged = merge_documents(documents, unavailable)
        if not unavailable:
            self._cached = (time.monotonic(), merged)
        return merged

    async def _fetch(self, service: str, base_url: str) -> tuple[str, dict[str, Any] | None]:
        try:
            response = await self.client.get(f"{base_url}{API_PREFIX}/{service}/openapi.json", timeout=5.0)
            response.raise_for_status()
            return service, response.json()
        except (*UPSTREAM_ERRORS, ValueError) as exc:
            log.warning("openapi_unavailable", service=service, error=str(exc) or type(exc).__name__)
            return service, None
