"""Read models: a service's own copy of another service's things, kept from that service's events.

A read model row carries the version of the thing it reflects; `upsert_versioned` applies an event so that an
older version arriving late never overwrites a newer one, and counts the events applied (each exactly once,
thanks to the inbox), which makes double application visible.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import DateTime, Integer, String, Table, bindparam, case, func, literal, select
from sqlalchemy.dialects.postgresql import Insert, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.elements import ColumnElement

from .contracts.indicatoren import IndicatorenVastgelegd
from .contracts.sporen import (
    AmbitieAangemaakt,
    AmbitieGewijzigd,
    AmbitieSnapshot,
    SpoorAangemaakt,
    SpoorGewijzigd,
    SpoorSnapshot,
)
from .db import TenantMixin
from .events import EventData, EventEnvelope, Handler
from .http import SessionDep, TenantDep
from .pagination import Page, PageParams, build_page, page_params, paginate


class ReadModelMixin(TenantMixin):
    versie: Mapped[int] = mapped_column(Integer, comment="Version of the thing this row reflects")
    events_applied: Mapped[int] = mapped_column(
        Integer, default=0, comment="Number of events applied to this row (each exactly once)"
    )
    bijgewerkt_op: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class SpoorReferentieMixin(ReadModelMixin):
    """Columns of a service's read model of the sporen service's tracks."""

    spoor_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    nummer: Mapped[int] = mapped_column(Integer)
    naam: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(30))


class AmbitieReferentieMixin(ReadModelMixin):
    """Columns of a service's read model of the sociale basis' ambitions (kept by the sporen service)."""

    ambitie_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    nummer: Mapped[int] = mapped_column(Integer)
    naam: Mapped[str] = mapped_column(String(200))


def upserted_versioned(
    table: Table,
    *,
    key: dict[str, Any],
    values: dict[str, Any],
    tenant: str,
    versie: int,
) -> Insert:
    """The statement that inserts the row, or updates it if the event's version is newer than the row's (`key` may
    include `tenant`)."""
    row = {"tenant": tenant} | key | values | {"versie": versie, "events_applied": 1}
    return _newer_wins(insert(table).values(**row), table, key=list(key), values=list(values))


def versioned_upsert_template(
    table: Table, *, key: list[str], values: list[str], only_if: ColumnElement[bool]
) -> Insert:
    """`upserted_versioned` with each column's value a parameter named after the column (`tenant`, the key and value
    columns, `versie`), written only where `only_if` holds (the consumer's inbox row was new:
    `events.OneStatementHandler`): compiled once, run with each event's values."""
    columns = ["tenant", *key, *values, "versie"]
    chosen = [bindparam(column, type_=table.c[column].type) for column in columns]
    selected = select(*chosen, literal(1, Integer())).where(only_if)
    return _newer_wins(insert(table).from_select([*columns, "events_applied"], selected), table, key=key, values=values)


def _newer_wins(stmt: Insert, table: Table, *, key: list[str], values: list[str]) -> Insert:
    """On a row already there: take the event's values only if its version is newer; count the event either way."""
    incoming_is_newer = stmt.excluded.versie > table.c.versie
    changes: dict[str, Any] = {
        col: case((incoming_is_newer, stmt.excluded[col]), else_=table.c[col]) for col in [*values, "versie"]
    }
    changes |= {"events_applied": table.c.events_applied + 1, "bijgewerkt_op": func.now()}
    return stmt.on_conflict_do_update(index_elements=key, set_=changes)


async def upsert_versioned(
    session: AsyncSession, table: Table, *, key: dict[str, Any], values: dict[str, Any], tenant: str, versie: int
) -> None:
    """Insert the row, or update it if the event's version is newer than the row's (`key` may include `tenant`)."""
    await session.execute(upserted_versioned(table, key=key, values=values, tenant=tenant, versie=versie))


@dataclass(frozen=True)
class VersionedReference:
    """An event handler that keeps `table` in step with events whose data is a `snapshot`: `key` is (column, payload
    field) of the identity, `fields` maps the other columns to payload fields. Its whole effect is one upsert, so the
    consumer applies it together with its inbox row in one statement (`events.OneStatementHandler`)."""

    table: Table
    snapshot: type[EventData]
    key: tuple[str, str]
    fields: dict[str, str]

    async def __call__(self, session: AsyncSession, envelope: EventEnvelope) -> None:
        row = self.parameters(envelope) | {"events_applied": 1}
        upsert = insert(self.table).values(**row)
        await session.execute(_newer_wins(upsert, self.table, key=[self.key[0]], values=list(self.fields)))

    def template(self, only_if: ColumnElement[bool]) -> Insert:
        """The upsert with the row's values as parameters (`parameters`), written only where `only_if` holds."""
        return versioned_upsert_template(self.table, key=[self.key[0]], values=list(self.fields), only_if=only_if)

    def parameters(self, envelope: EventEnvelope) -> dict[str, Any]:
        """The row's values from the event, by column: what `template`'s parameters are named."""
        data = envelope.payload(self.snapshot)
        column, field = self.key
        return (
            {"tenant": envelope.tenant, column: getattr(data, field)}
            | {col: getattr(data, name) for col, name in self.fields.items()}
            | {"versie": data.versie}  # type: ignore[attr-defined]
        )


def versioned_reference(
    table: Table, snapshot: type[EventData], *, key: tuple[str, str], fields: dict[str, str]
) -> Handler:
    """An event handler that keeps `table` in step with events whose data is a `snapshot`.

    `key` is (column, payload field) of the identity; `fields` maps the other columns to payload fields.
    """
    return VersionedReference(table, snapshot, key, fields)


def spoor_handlers(table: Table) -> dict[str, Handler]:
    """Handlers that keep `table` (a `SpoorReferentieMixin` table) in step with the sporen service's track events."""
    apply = versioned_reference(
        table,
        SpoorSnapshot,
        key=("spoor_id", "spoorId"),
        fields={"nummer": "nummer", "naam": "naam", "status": "status"},
    )
    return {SpoorAangemaakt.event_name.type: apply, SpoorGewijzigd.event_name.type: apply}


def ambitie_handlers(table: Table) -> dict[str, Handler]:
    """Handlers that keep `table` (an `AmbitieReferentieMixin` table) in step with the ambition events."""
    apply = versioned_reference(
        table, AmbitieSnapshot, key=("ambitie_id", "ambitieId"), fields={"nummer": "nummer", "naam": "naam"}
    )
    return {AmbitieAangemaakt.event_name.type: apply, AmbitieGewijzigd.event_name.type: apply}


def indicator_handlers(table: Table, fields: dict[str, str]) -> dict[str, Handler]:
    """Handlers that keep `table` (keyed by `indicator_id`) in step with indicatoren's definition events; `fields`
    maps the table's columns to fields of the indicator snapshot."""

    async def apply(session: AsyncSession, envelope: EventEnvelope) -> None:
        for snapshot in envelope.payload(IndicatorenVastgelegd).indicatoren:
            await upsert_versioned(
                session,
                table,
                key={"indicator_id": snapshot.indicatorId},
                values={column: getattr(snapshot, field) for column, field in fields.items()},
                tenant=envelope.tenant,
                versie=snapshot.versie,
            )

    return {IndicatorenVastgelegd.event_name.type: apply}


def add_reference_list(
    router: APIRouter, path: str, model: Any, schema: type[BaseModel], order_by: Any, summary: str
) -> None:
    """A paginated `GET path` of a read model, scoped to the caller's municipality."""

    async def list_references(
        request: Request, session: SessionDep, tenant: TenantDep, params: Annotated[PageParams, Depends(page_params)]
    ) -> Page[schema]:  # type: ignore[valid-type]
        query = select(model).where(model.tenant == tenant).order_by(order_by)
        count, rows = await paginate(session, query, params)
        return build_page(request, params, count, [schema.model_validate(r) for r in rows])

    router.add_api_route(
        path,
        list_references,
        methods=["GET"],
        response_model=Page[schema],  # type: ignore[valid-type]
        summary=summary,
        tags=["referenties"],
        name=f"list{path.replace('/', '_')}",
    )


class ReferenceRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    gemeente: str = Field(validation_alias="tenant")
    nummer: int
    naam: str
    versie: int = Field(description="Version of the thing in the sporen service that this reflects.")
    eventsApplied: int = Field(validation_alias="events_applied", description="Events applied to it.")


class SpoorReferentieRead(ReferenceRead):
    """A track as this service knows it (kept from the sporen service's events)."""

    spoorId: uuid.UUID = Field(validation_alias="spoor_id")
    status: str


class AmbitieReferentieRead(ReferenceRead):
    """An ambition as this service knows it (kept from the sporen service's events)."""

    ambitieId: uuid.UUID = Field(validation_alias="ambitie_id")
