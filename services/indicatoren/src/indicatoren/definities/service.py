"""Rules of indicator definitions: created, listed, announced to the services that keep them."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.contracts.indicatoren import IndicatorenVastgelegd, IndicatorSnapshot
from stuurcyclus_common.errors import Conflict
from stuurcyclus_common.events import record_event
from stuurcyclus_common.pagination import PageParams, paginate

from ..models import EVENTS, Indicator
from .schemas import IndicatorCreate


async def list_indicators(
    session: AsyncSession, tenant: str, params: PageParams, *, spoor: int | None, dimensie: str | None
) -> tuple[int, list[Indicator]]:
    query = select(Indicator).where(Indicator.tenant == tenant)
    if spoor:
        query = query.where(Indicator.spoor_nummer == spoor)
    if dimensie:
        query = query.where(Indicator.dimensie == dimensie)
    return await paginate(session, query.order_by(Indicator.spoor_nummer, Indicator.code), params)


async def create_indicator(session: AsyncSession, tenant: str, data: IndicatorCreate) -> Indicator:
    if await session.scalar(select(Indicator.id).where(Indicator.tenant == tenant, Indicator.code == data.code)):
        raise Conflict(f"Indicator {data.code!r} already exists in {tenant}.", code="bestaat_al")
    indicator = Indicator(id=uuid.uuid4(), tenant=tenant, versie=1, **data.model_dump())
    session.add(indicator)
    await session.flush()
    return indicator


async def announce_definitions(session: AsyncSession, tenant: str, indicators: list[Indicator]) -> None:
    """One event for the definitions a request, seed or import added or changed (others keep read models of them)."""
    if not indicators:
        return
    snapshots = [
        IndicatorSnapshot(
            indicatorId=i.id,
            code=i.code,
            naam=i.naam,
            spoor=i.spoor_nummer,
            niveau=i.niveau,
            dimensie=i.dimensie,
            beweging=i.beweging,
            verwachting=i.verwachting,
            richting=i.richting,
            eenheid=i.eenheid,
            status=i.status,
            versie=i.versie,
        )
        for i in indicators
    ]
    await record_event(session, EVENTS, IndicatorenVastgelegd(indicatoren=snapshots), tenant=tenant)
