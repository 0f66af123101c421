"""Rules of prognoses: set (or replaced) per indicator, area, period and scenario; kept apart from measurements, so
no course is ever judged on them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common import perioden
from stuurcyclus_common.errors import InvalidInput
from stuurcyclus_common.gemeenten import area_belongs_to

from ..koers import service as koers_service
from ..models import Indicator, Prognose
from .schemas import PrognoseSet


async def set_prognose(session: AsyncSession, tenant: str, indicator: Indicator, data: PrognoseSet) -> None:
    if not area_belongs_to(data.gebied, tenant):
        raise InvalidInput.field("gebied", f"{data.gebied} is not {tenant} or one of its wijken or buurten")
    try:
        perioden.parse(data.periode)
    except perioden.PeriodError as exc:
        raise InvalidInput.field("periode", str(exc)) from exc
    fields = data.model_dump(exclude={"scenario"}) | {"scenario": data.scenario or ""}
    stmt = insert(Prognose).values(tenant=tenant, indicator_id=indicator.id, **fields)
    changed = {key: stmt.excluded[key] for key in ("waarde", "gemaakt_op", "bron", "vastgelegd_op")}
    await session.execute(
        stmt.on_conflict_do_update(index_elements=["indicator_id", "gebied", "periode", "scenario"], set_=changed)
    )
    if data.gebied == tenant:  # the municipality-wide series (the report's) carries its prognoses: announce it anew
        await koers_service.announce_course_changes(session, tenant, [indicator.id])


async def prognoses(session: AsyncSession, indicator: Indicator) -> list[Prognose]:
    query = select(Prognose).where(Prognose.indicator_id == indicator.id)
    return list(await session.scalars(query.order_by(Prognose.periode, Prognose.gebied, Prognose.scenario)))
