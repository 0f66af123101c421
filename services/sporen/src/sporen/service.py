"""Rules of the sporen service. Functions only flush; the request's transaction commits once (see libs/common)."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.contracts.sporen import SpoorAangemaakt, SpoorGewijzigd
from stuurcyclus_common.errors import Conflict, NotFound, PreconditionFailed, ProblemError
from stuurcyclus_common.events import record_event
from stuurcyclus_common.pagination import PageParams, paginate

from .models import EVENTS, Spoor
from .schemas import SpoorCreate, SpoorUpdate


def _snapshot(spoor: Spoor) -> dict:
    return dict(spoorId=spoor.id, nummer=spoor.nummer, naam=spoor.naam, status=spoor.status, versie=spoor.versie)


async def get_all(*, session: AsyncSession, tenant: str, params: PageParams) -> tuple[int, list[Spoor]]:
    """One page of a municipality's tracks, by number."""
    query = select(Spoor).where(Spoor.tenant == tenant).order_by(Spoor.nummer)
    return await paginate(session, query, params)


async def get_or_raise(*, session: AsyncSession, tenant: str, spoor_id: uuid.UUID) -> Spoor:
    spoor = await session.scalar(select(Spoor).where(Spoor.tenant == tenant, Spoor.id == spoor_id))
    if spoor is None:
        raise NotFound(f"Spoor {spoor_id} does not exist in {tenant}.")
    return spoor


async def create(*, session: AsyncSession, tenant: str, data: SpoorCreate) -> Spoor:
    """Add a track; its number is unique within the municipality."""
    taken = await session.scalar(select(Spoor.id).where(Spoor.tenant == tenant, Spoor.nummer == data.nummer))
    if taken is not None:
        raise Conflict(f"Spoor number {data.nummer} already exists in {tenant}.", code="nummer_taken")
    spoor = Spoor(id=uuid.uuid4(), tenant=tenant, versie=1, **data.model_dump())
    session.add(spoor)
    await session.flush()
    await record_event(session, EVENTS, SpoorAangemaakt(**_snapshot(spoor)), tenant=tenant, subject=str(spoor.id))
    return spoor


async def update(
    *, session: AsyncSession, tenant: str, spoor_id: uuid.UUID, data: SpoorUpdate, if_match: int | None
) -> Spoor:
    """Change a track if the caller saw its current version (optimistic concurrency: never a silent overwrite)."""
    expected = if_match if if_match is not None else data.versie
    if expected is None:
        raise ProblemError(
            "Send the version you read, as If-Match header or `versie` field.",
            status=428,
            title="Precondition required",
            code="versie_required",
        )
    spoor = await session.scalar(select(Spoor).where(Spoor.tenant == tenant, Spoor.id == spoor_id).with_for_update())
    if spoor is None:
        raise NotFound(f"Spoor {spoor_id} does not exist in {tenant}.")
    if spoor.versie != expected:
        raise PreconditionFailed(
            f"Spoor {spoor_id} is at version {spoor.versie}, not {expected}: reload it and apply your change again.",
            code="versie_stale",
        )
    changes = data.model_dump(exclude_unset=True, exclude={"versie"})
    for key, value in changes.items():
        setattr(spoor, key, value)
    spoor.versie += 1
    await session.flush()
    await record_event(session, EVENTS, SpoorGewijzigd(**_snapshot(spoor)), tenant=tenant, subject=str(spoor.id))
    return spoor
