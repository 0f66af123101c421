"""Secrets never leave the answer that creates them: the class, over every table, schema and contract, and in use.

A field is a secret when it is declared one (`secret_column`, `secret_field`) or its name says so (`geheim`, `secret`,
`password`, `wachtwoord`, `token`, `auth`). The walk proves every secret-named field is declared, no event contract
has one, and no answer shows one but the creating POST's; the run proves that a subscription's HMAC key and the
receiver's credential appear nowhere after that answer: not in reads, the audit trail (for any staff role), a replay,
the database's audit and idempotency records, the platform's log files or any event on any stream.
"""

from __future__ import annotations

import importlib
import uuid
from pathlib import Path

import asyncpg
import httpx
import nats
from pydantic import BaseModel
from stuurcyclus_common.events import CATALOGUE
from stuurcyclus_common.secrecy import REDACTED, SHOWN_ONCE, is_secret_column, is_secret_name
from stuurcyclus_common.settings import plain_database_url

from tests.support import modules_named

from .support import RunningPlatform, all_results, auth_headers, eventually, fetched, unique_tenant

SERVICES = ("sporen", "indicatoren", "financien", "gesprekstafels", "notificaties")


def _models(service: str) -> list[type[BaseModel]]:
    """The bodies of every `schemas` module of the service (one per sub-domain folder)."""
    return [
        v
        for module in modules_named(service, "schemas")
        for v in vars(module).values()
        if isinstance(v, type) and issubclass(v, BaseModel)
    ]


def test_every_secret_named_column_and_field_is_declared_secret() -> None:
    undeclared = []
    for service in SERVICES:
        metadata = importlib.import_module(f"{service}.models").Base.metadata
        for table in metadata.tables.values():
            for column in table.columns:
                if is_secret_name(column.name) and not column.info.get("secret"):
                    undeclared.append(f"{table.fullname}.{column.name}")
        for model in _models(service):
            for name, info in model.model_fields.items():
                extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
                if is_secret_name(name) and not extra.get("x-geheim"):
                    undeclared.append(f"{model.__module__}.{model.__name__}.{name}")
    assert undeclared == [], f"declare these secret (secret_column / secret_field): {undeclared}"
    assert is_secret_column(importlib.import_module("notificaties.models").Abonnement.__table__.c.geheim)


def test_no_event_contract_carries_a_secret() -> None:
    def names(model: type[BaseModel], prefix: str = "") -> list[str]:
        result = []
        for name, info in model.model_fields.items():
            result.append(prefix + name)
            annotation = info.annotation
            for candidate in (annotation, *getattr(annotation, "__args__", ())):
                if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                    result += names(candidate, f"{prefix}{name}.")
        return result

    offending = [f"{t}: {n}" for t, model in CATALOGUE.items() for n in names(model) if is_secret_name(n)]
    assert offending == []


def _properties(document: dict, schema: dict, seen: set[str] | None = None) -> list[tuple[str, dict]]:
    """Every (name, property schema) reachable from `schema` in an OpenAPI document."""
    seen = seen if seen is not None else set()
    if "$ref" in schema:
        ref = schema["$ref"]
        if ref in seen:
            return []
        seen.add(ref)
        schema = document["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    found: list[tuple[str, dict]] = []
    for name, prop in schema.get("properties", {}).items():
        found.append((name, prop))
        found += _properties(document, prop, seen)
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            found += _properties(document, schema[key], seen)
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key, []):
            found += _properties(document, sub, seen)
    return found


async def test_no_answer_but_the_creating_one_shows_a_secret(platform: RunningPlatform) -> None:
    async with httpx.AsyncClient(base_url=platform.gateway, headers=auth_headers(platform)) as client:
        document = (await client.get("/api/v1/openapi.json")).json()
    shown: list[str] = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for status, answer in operation.get("responses", {}).items():
                schema = answer.get("content", {}).get("application/json", {}).get("schema")
                for name, prop in _properties(document, schema) if schema else []:
                    if not (is_secret_name(name) or prop.get("x-geheim")):
                        continue
                    once = prop.get(SHOWN_ONCE) and method == "post" and status == "201"
                    if not once:
                        shown.append(f"{method.upper()} {path} {status}: {name}")
    assert shown == [], f"answers that show a secret: {shown}"


async def test_a_subscriptions_secrets_appear_nowhere_after_its_creation(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    credential = f"Bearer ontvanger-{uuid.uuid4().hex}"
    body = {
        "callbackUrl": "http://127.0.0.1:9/hook",
        "auth": credential,
        "kanalen": [{"naam": "gesprekstafels-besluit"}],
    }
    base = f"{platform.gateway}/api/v1/notificaties"
    async with httpx.AsyncClient(base_url=base, headers=auth_headers(platform, tenant, "beheerder")) as admin:
        created = await admin.post("/abonnementen", json=body, headers={"Idempotency-Key": "abonnement-1"})
        assert created.status_code == 201, created.text
        geheim = created.json()["geheim"]
        assert len(geheim) >= 32, "the creating answer shows the HMAC key, once"
        secrets = (geheim, credential.split()[-1])
        replay = await admin.post("/abonnementen", json=body, headers={"Idempotency-Key": "abonnement-1"})
        assert replay.headers.get("Idempotent-Replayed") == "true" and replay.json()["id"] == created.json()["id"]
        assert replay.json()["geheim"] == REDACTED, "a replay is an answer after the creating one"
        seen = [
            replay.text,
            (await admin.get(f"/abonnementen/{created.json()['id']}")).text,
            (await admin.get("/abonnementen")).text,
        ]
        gone = await admin.delete(f"/abonnementen/{created.json()['id']}")
        assert gone.status_code == 204
    for rol in ("raad", "financien", "beleid", "subsidieadministratie", "beheerder"):  # 403 or not on the thing itself
        async with httpx.AsyncClient(base_url=base, headers=auth_headers(platform, tenant, rol)) as staff:
            trail = await all_results(staff, f"/abonnementen/{created.json()['id']}/audittrail")
        assert {r["actie"] for r in trail} == {"create", "delete"}
        made = next(r for r in trail if r["actie"] == "create")
        assert made["nieuw"]["geheim"] == REDACTED and made["nieuw"]["auth"] == REDACTED
        assert made["nieuw"]["callbackUrl"] == "http://127.0.0.1:9/hook", "the API's names, not the columns'"
        seen.append(str(trail))
    seen += await _database_records(platform, tenant)
    seen += _log_files(platform)
    async with httpx.AsyncClient(base_url=platform.gateway, headers=auth_headers(platform, tenant)) as client:
        made = await client.post("/api/v1/sporen/sporen", json={"nummer": 1, "naam": "Sterke sociale basis"})
        assert made.status_code == 201  # at least one event of this municipality on the streams
    seen += await eventually(lambda: _every_event(platform, tenant))
    leaks = [text[:120] for text in seen for secret in secrets if secret in text]
    assert leaks == [], f"a secret appeared after its creating answer: {leaks}"


async def _database_records(platform: RunningPlatform, tenant: str) -> list[str]:
    conn = await asyncpg.connect(plain_database_url(platform.database_url))
    try:
        audit = await conn.fetch("SELECT oud::text, nieuw::text FROM notificaties.audittrail WHERE tenant = $1", tenant)
        kept = await conn.fetch("SELECT body FROM notificaties.idempotentie WHERE tenant = $1", tenant)
    finally:
        await conn.close()
    assert kept, "the creating answer was kept for replays"
    return [str(r["oud"]) + str(r["nieuw"]) for r in audit] + [bytes(r["body"]).decode() for r in kept]


def _log_files(platform: RunningPlatform) -> list[str]:
    log_dir: Path = platform.group.log_dir  # type: ignore[assignment]
    files = list(log_dir.glob("*.log"))
    assert files, "the platform writes its processes' logs there"
    return [f.read_text(errors="replace") for f in files]


async def _every_event(platform: RunningPlatform, tenant: str) -> list[str] | None:
    """Every message on every stream of the platform (None until one of `tenant`'s events is among them)."""
    nc = await nats.connect(platform.infra.nats_url)
    texts: list[str] = []
    try:
        js = nc.jetstream()
        for info in await js.streams_info():
            if not info.config.name.startswith(platform.prefix.upper() + "_"):
                continue
            sub = await js.pull_subscribe(info.config.subjects[0], stream=info.config.name)
            while batch := await fetched(sub, 500, timeout=0.5):
                texts += [m.data.decode(errors="replace") for m in batch]
            await sub.unsubscribe()
    finally:
        await nc.close()
    return texts if any(tenant in t for t in texts) else None
