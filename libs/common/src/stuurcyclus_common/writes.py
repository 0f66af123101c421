"""What every write leaves behind, per service schema: an audit trail and idempotency records.

- `audittrail` (append-only): who (client, user, role), when, what (resource, id, old and new values of each
  changed row), the result (HTTP status), the correlation id and the caller's reason (`X-Audit-Toelichting`, as in
  the ZGW APIs). Rows commit with the change; a refused attempt by a known caller is recorded too (own transaction).
- `idempotentie`: a successful POST/PUT/PATCH/DELETE with an `Idempotency-Key` and its response, per municipality
  and client, so that a retry returns the first result and changes nothing (kept 24 hours).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic.alias_generators import to_camel
from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Identity,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    event,
    func,
    inspect,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from .db import starts_with, table_of
from .secrecy import REDACTED, is_secret_column, is_secret_name, redact

AUDIT_REASON_HEADER = "X-Audit-Toelichting"
IDEMPOTENCY_HEADER = "Idempotency-Key"
IDEMPOTENCY_HOURS = 24
#: Bodies up to this size are part of a request's fingerprint; larger ones (bulk uploads) count by length only.
FINGERPRINT_BODY_LIMIT = 1 << 20
SKIP_TABLES = frozenset({"outbox", "inbox", "audittrail", "idempotentie", "snapshot_versie", "wijziging"})


@dataclass(frozen=True)
class WriteTables:
    audittrail: Table
    idempotentie: Table
    #: The collections whose resources have an audit trail (`…/<collection>/{id}/audittrail`) → their tables.
    collections: dict[str, tuple[str, ...]] = field(default_factory=dict)


def write_tables(metadata: MetaData, audited: dict[str, type | tuple[type, ...]] | None = None) -> WriteTables:
    """The audit and idempotency tables of a service; `audited` maps each collection of its API (`aanvragen`) to
    the ORM class(es) of its resources (`Aanvraag`): the audit trail of `/aanvragen/{id}` shows only those."""
    audittrail = Table(
        "audittrail",
        metadata,
        Column("id", BigInteger, Identity(always=True), primary_key=True),
        Column("tenant", String(6), nullable=False, index=True),
        Column("tijdstip", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("client", String(200), nullable=False, comment="Token subject: the system or person"),
        Column("gebruiker", String(200), nullable=True, comment="Display name, if the token carries one"),
        Column("rol", String(30), nullable=False),
        Column("methode", String(10), nullable=False),
        Column("pad", String(500), nullable=False),
        Column("resource", String(60), nullable=True, comment="Table of the changed row"),
        Column("resource_id", String(100), nullable=True),
        Column("actie", String(12), nullable=False, comment="create / update / delete / request / refused"),
        Column("oud", JSONB, nullable=True),
        Column("nieuw", JSONB, nullable=True),
        Column("resultaat", Integer, nullable=False, comment="HTTP status of the answer"),
        Column("correlation_id", String(128), nullable=True),
        Column("toelichting", Text, nullable=True, comment="X-Audit-Toelichting"),
        # A resource's trail is read within its municipality: the municipality leads, as in every index.
        Index("ix_audittrail_tenant_resource_id", "tenant", "resource_id"),
    )
    idempotentie = Table(
        "idempotentie",
        metadata,
        Column("tenant", String(6), nullable=False),
        Column("client", String(200), nullable=False),
        Column("sleutel", String(200), nullable=False),
        Column("vingerafdruk", String(64), nullable=False, comment="SHA-256 of method, path, query and body"),
        Column("status", Integer, nullable=False),
        Column("media_type", String(100), nullable=True),
        Column("headers", JSONB, nullable=False),
        Column("body", LargeBinary, nullable=False),
        Column("aangemaakt_op", DateTime(timezone=True), nullable=False, server_default=func.now()),
        PrimaryKeyConstraint("tenant", "client", "sleutel", name="pk_idempotentie"),
    )
    collections = {
        name: tuple(table_of(c).name for c in (classes if isinstance(classes, tuple) else (classes,)))
        for name, classes in (audited or {}).items()
    }
    return WriteTables(audittrail, idempotentie, collections)


# --- the audit trail ------------------------------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


def api_name(attribute: str) -> str:
    """The name the API gives a column (`bedrag_cent` → `bedragCent`; the tenant is `gemeente`)."""
    return "gemeente" if attribute == "tenant" else to_camel(attribute)


def _state(obj: Any, old: bool = False) -> dict[str, Any]:
    """A row's values by their API names; a secret column's value is never written down, only `[verborgen]`."""
    state = inspect(obj)
    result = {}
    for attr in state.mapper.column_attrs:
        hist = state.attrs[attr.key].history
        value = (
            (hist.deleted[0] if hist.deleted else (hist.unchanged[0] if hist.unchanged else None))
            if old
            else (
                hist.added[0] if hist.added else (hist.unchanged[0] if hist.unchanged else getattr(obj, attr.key, None))
            )
        )
        secret = is_secret_name(attr.key) or any(is_secret_column(c) for c in attr.columns)
        result[api_name(attr.key)] = (REDACTED if value is not None else None) if secret else _jsonable(value)
    return result


def _changed_secrets(obj: Any) -> set[str]:
    """API names of the secret columns a pending update changes (both sides read `[verborgen]`: that it changed is
    what the audit trail may say)."""
    state = inspect(obj)
    return {
        api_name(a.key)
        for a in state.mapper.column_attrs
        if (is_secret_name(a.key) or any(is_secret_column(c) for c in a.columns))
        and state.attrs[a.key].history.has_changes()
    }


def _identity_of(obj: Any) -> str | None:
    """The row's primary key (`id`, or the parts of a composite key joined by `/`), also right after its INSERT."""
    key = inspect(obj).mapper.primary_key_from_instance(obj)
    return "/".join(str(k) for k in key) if key and None not in key else None


class ChangeRecorder:
    """Collects, per request, the ORM rows the session inserts, updates and deletes (with old and new values)."""

    def __init__(self, session: AsyncSession) -> None:
        self.changes: list[dict[str, Any]] = []
        self._pending_new: list[Any] = []
        sync: Session = session.sync_session
        event.listen(sync, "before_flush", self._before_flush)
        event.listen(sync, "after_flush", self._after_flush)

    def _before_flush(self, session: Session, *_: Any) -> None:
        for obj in session.dirty:
            if obj.__table__.name in SKIP_TABLES or not session.is_modified(obj):
                continue
            old, new = _state(obj, old=True), _state(obj)
            changed = {k for k in new if old.get(k) != new.get(k)} | _changed_secrets(obj)
            if changed:
                self.changes.append(
                    {
                        "resource": obj.__table__.name,
                        "resource_id": _identity_of(obj),
                        "actie": "update",
                        "oud": {k: old[k] for k in changed},
                        "nieuw": {k: new[k] for k in changed},
                    }
                )
        for obj in session.deleted:
            if obj.__table__.name not in SKIP_TABLES:
                self.changes.append(
                    {
                        "resource": obj.__table__.name,
                        "resource_id": _identity_of(obj),
                        "actie": "delete",
                        "oud": _state(obj, old=True),
                        "nieuw": None,
                    }
                )
        self._pending_new = [o for o in session.new if o.__table__.name not in SKIP_TABLES]

    def _after_flush(self, session: Session, *_: Any) -> None:
        for obj in self._pending_new:
            self.changes.append(
                {
                    "resource": obj.__table__.name,
                    "resource_id": _identity_of(obj),
                    "actie": "create",
                    "oud": None,
                    "nieuw": _state(obj),
                }
            )
        self._pending_new = []


def audit_rows(
    *,
    tenant: str,
    identity: Any,
    method: str,
    path: str,
    status: int,
    correlation_id: str | None,
    reason: str | None,
    changes: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """The audit rows of one write: one per changed row, or one for the request where no row was tracked (bulk
    statements) or nothing changed; a refused attempt is one `refused` row."""
    base = {
        "tenant": tenant,
        "client": identity.client,
        "gebruiker": identity.naam,
        "rol": identity.rol,
        "methode": method,
        "pad": path[:500],
        "resultaat": status,
        "correlation_id": correlation_id,
        "toelichting": reason,
    }
    if status >= 400:
        return [
            base | {"actie": "refused", "resource": None, "resource_id": _last_id(path), "oud": None, "nieuw": None}
        ]
    if not changes:
        return [
            base | {"actie": "request", "resource": None, "resource_id": _last_id(path), "oud": None, "nieuw": None}
        ]
    return [base | change for change in changes]


def _last_id(path: str) -> str | None:
    """The last path segment that is a UUID: the resource a request is about, where no row change says it."""
    for segment in reversed(path.strip("/").split("/")):
        try:
            return str(uuid.UUID(segment))
        except ValueError:
            continue
    return None


def audit_trail_query(table: Table, tenant: str, path_prefix: str, tables: tuple[str, ...], object_id: str) -> Any:
    """Every audit row about one resource of a collection, oldest first: the changes of its rows (in `tables`), and
    requests naming it under the collection's path (`path_prefix` + id) where no row change says more."""
    return (
        select(table)
        .where(
            table.c.tenant == tenant,
            table.c.resource_id == object_id,
            or_(
                table.c.resource.in_(tables),
                table.c.resource.is_(None) & starts_with(table.c.pad, f"{path_prefix}/{object_id}"),
            ),
        )
        .order_by(table.c.tijdstip, table.c.id)
    )


# --- idempotency ----------------------------------------------------------------------------------------------------


def fingerprint(method: str, path: str, query: str, body: bytes, content_length: str | None) -> str:
    digest = hashlib.sha256(f"{method} {path}?{query}\n".encode())
    if len(body) <= FINGERPRINT_BODY_LIMIT:
        digest.update(body)
    else:
        digest.update(f"<{content_length or len(body)} bytes>".encode())
    return digest.hexdigest()


async def stored_response(
    session: AsyncSession, table: Table, tenant: str, client: str, key: str
) -> dict[str, Any] | None:
    query = select(table).where(
        table.c.tenant == tenant,
        table.c.client == client,
        table.c.sleutel == key,
        table.c.aangemaakt_op > func.now() - func.make_interval(0, 0, 0, 0, IDEMPOTENCY_HOURS),
    )
    row = (await session.execute(query)).first()
    return dict(row._mapping) if row else None


async def store_response(session: AsyncSession, table: Table, values: dict[str, Any]) -> None:
    """Store the first response to a key (an expired record of the same key makes way)."""
    await session.execute(
        table.delete().where(
            table.c.tenant == values["tenant"],
            table.c.client == values["client"],
            table.c.sleutel == values["sleutel"],
            table.c.aangemaakt_op <= func.now() - func.make_interval(0, 0, 0, 0, IDEMPOTENCY_HOURS),
        )
    )
    await session.execute(insert(table).values(**values))


def replayable_body(body: bytes, media_type: str | None) -> bytes:
    """The body kept for replays: a JSON answer without its secrets (only the first answer shows them)."""
    if not media_type or "json" not in media_type:
        return body
    try:
        document = json.loads(body)
    except ValueError:
        return body
    cleaned = redact(document)
    return body if cleaned == document else json.dumps(cleaned, ensure_ascii=False, separators=(",", ":")).encode()


def response_headers(headers: dict[str, str]) -> dict[str, str]:
    """The headers worth replaying (not hop-by-hop or per-response ones)."""
    keep = {"etag", "location", "content-disposition"}
    return {k: v for k, v in headers.items() if k.lower() in keep}
