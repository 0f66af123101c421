"""What the sub-domains' rules share: every create and update of a versioned thing goes through `created` /
`update`: they bump the version, keep the full new state in `wijziging` (history) and put the event in the outbox,
all in the caller's transaction. Functions only flush; the request's transaction commits once (libs/common)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.db import table_of
from stuurcyclus_common.errors import Conflict
from stuurcyclus_common.events import EventData, record_event
from stuurcyclus_common.pagination import PageParams, paginate
from stuurcyclus_common.schemas import Body, Out
from stuurcyclus_common.versioning import check_version, get_or_raise

from ..models import EVENTS, Versioned, Wijziging

M = TypeVar("M", bound=Versioned)


async def remember(session: AsyncSession, thing: Versioned, actie: str, state: dict[str, Any]) -> None:
    session.add(
        Wijziging(
            tenant=thing.tenant,
            soort=table_of(type(thing)).name,
            object_id=thing.id,
            versie=thing.versie,
            actie=actie,
            toestand=state,
        )
    )


async def record_created(session: AsyncSession, thing: M, state: Callable[[M], dict], event: EventData) -> M:
    session.add(thing)
    await session.flush()
    await remember(session, thing, "aangemaakt", state(thing))
    await record_event(session, EVENTS, event, tenant=thing.tenant, subject=str(thing.id))
    return thing


async def record_update(
    session: AsyncSession,
    model: type[M],
    tenant: str,
    object_id: uuid.UUID,
    data: Body,
    if_match: int | None,
    read: type[Out],
    event: Callable[[M], EventData],
) -> M:
    """Lock the thing, check the caller saw its current version, apply the fields sent, keep history, emit."""
    thing = await get_or_raise(session, model, tenant, object_id, lock=True)
    check_version(thing, if_match if if_match is not None else data.versie)  # type: ignore[attr-defined]
    for key, value in changes_of(data).items():
        setattr(thing, key, value)
    thing.versie += 1
    await session.flush()
    await remember(session, thing, "gewijzigd", state_of(read)(thing))
    await record_event(session, EVENTS, event(thing), tenant=thing.tenant, subject=str(thing.id))
    return thing


def changes_of(data: Body) -> dict[str, Any]:
    """The fields the caller sent, as columns take them, without the version guard."""
    return columns_of(data, only_sent=True)


def columns_of(data: Body, *, only_sent: bool = False) -> dict[str, Any]:
    """A body's fields as columns take them: nested records JSON-ready (they are stored as JSONB), a date or moment
    as itself (a DATE column wants a date, not its text)."""
    as_json = data.model_dump(mode="json", exclude_unset=only_sent, exclude={"versie"})
    as_python = data.model_dump(exclude_unset=only_sent, exclude={"versie"})
    return {k: as_python[k] if isinstance(as_python[k], date | datetime) else v for k, v in as_json.items()}


async def history(session: AsyncSession, model: type[Versioned], tenant: str, object_id: uuid.UUID) -> list[Wijziging]:
    await get_or_raise(session, model, tenant, object_id)
    query = (
        select(Wijziging)
        .where(Wijziging.tenant == tenant, Wijziging.soort == table_of(model).name, Wijziging.object_id == object_id)
        .order_by(Wijziging.versie)
    )
    return list(await session.scalars(query))


def state_of(schema: type[Out]) -> Callable[[Versioned], dict]:
    return lambda thing: schema.model_validate(thing).model_dump(mode="json", by_alias=True)


async def list_of(
    session: AsyncSession, model: type[M], tenant: str, params: PageParams, order: Any, *filters: Any
) -> tuple[int, list[M]]:
    return await paginate(session, select(model).where(model.tenant == tenant, *filters).order_by(order), params)


async def refuse_duplicate(session: AsyncSession, model: type[Versioned], tenant: str, what: str, **key: Any) -> None:
    clauses = [getattr(model, k) == v for k, v in key.items()]
    if await session.scalar(select(model.id).where(model.tenant == tenant, *clauses)):
        raise Conflict(f"{model.__name__} with {what} already exists in {tenant}.", code="bestaat_al")
