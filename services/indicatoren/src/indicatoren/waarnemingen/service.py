"""Rules of observations."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.errors import InvalidParam, Unprocessable
from stuurcyclus_common.identity import Caller

from ..models import Indicator, Waarneming
from ..shared.provenance import observations_for
from ..shared.service import get_indicator
from .schemas import WaarnemingCreate, WaarnemingRead


async def add_observation(session: AsyncSession, tenant: str, data: WaarnemingCreate) -> WaarnemingRead:
    if data.spoor_nummer is None and data.indicator is None:
        raise Unprocessable(
            "An observation is about a track or an indicator: give spoorNummer or indicator.",
            code="over_niets",
            invalid_params=[InvalidParam(name="spoorNummer", code="missing", reason="or indicator")],
        )
    indicator = await get_indicator(session, tenant, data.indicator) if data.indicator else None
    row = Waarneming(
        id=uuid.uuid4(),
        tenant=tenant,
        indicator_id=indicator.id if indicator else None,
        **data.model_dump(exclude={"indicator"}),
    )
    session.add(row)
    await session.flush()
    return WaarnemingRead.model_validate(row).model_copy(update={"indicator": data.indicator})


async def observations(
    session: AsyncSession, tenant: str, *, spoor: int | None, indicator: str | None, caller: Caller | None = None
) -> list[WaarnemingRead]:
    query = select(Waarneming, Indicator.code).outerjoin(Indicator, Indicator.id == Waarneming.indicator_id)
    query = query.where(Waarneming.tenant == tenant, observations_for(caller))
    if spoor:
        query = query.where(Waarneming.spoor_nummer == spoor)
    if indicator:
        query = query.where(Indicator.code == indicator)
    rows = await session.execute(query.order_by(Waarneming.datum, Waarneming.vastgelegd_op))
    return [WaarnemingRead.model_validate(w).model_copy(update={"indicator": code}) for w, code in rows]
