"""Rules of lessons learned and results of a period."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.contracts import sporen as events

from ..models import Les
from ..shared.service import record_created, record_update, state_of
from .schemas import LesCreate, LesRead, LesUpdate


async def list_lessen(
    session: AsyncSession, tenant: str, *, periode: str | None = None, soort: str | None = None
) -> list[Les]:
    query = select(Les).where(Les.tenant == tenant)
    if periode:
        query = query.where(Les.periode == periode)
    if soort:
        query = query.where(Les.soort == soort)
    return list(await session.scalars(query.order_by(Les.periode, Les.created_at, Les.id)))


def _event(cls: type[events.LesSnapshot], les: Les) -> events.LesSnapshot:
    return cls(lesId=les.id, soort=les.soort, titel=les.titel, periode=les.periode, versie=les.versie)


async def create_les(session: AsyncSession, tenant: str, data: LesCreate) -> Les:
    les = Les(id=uuid.uuid4(), tenant=tenant, versie=1, **data.model_dump(mode="json"))
    return await record_created(session, les, state_of(LesRead), _event(events.LesVastgelegd, les))


async def update_les(
    session: AsyncSession, tenant: str, object_id: uuid.UUID, *, data: LesUpdate, if_match: int | None
) -> Les:
    return await record_update(
        session, Les, tenant, object_id, data, if_match, LesRead, lambda les: _event(events.LesGewijzigd, les)
    )
