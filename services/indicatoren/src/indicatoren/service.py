"""Rules of the indicatoren service: indicator definitions and reading measurements."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.errors import Conflict, NotFound
from stuurcyclus_common.pagination import PageParams, paginate

from . import periods, schemas
from .models import Indicator, Meting, SpoorReferentie


async def get_spoor_or_raise(*, session: AsyncSession, tenant: str, spoor_id: uuid.UUID) -> SpoorReferentie:
    spoor = await session.scalar(
        select(SpoorReferentie).where(SpoorReferentie.tenant == tenant, SpoorReferentie.spoor_id == spoor_id)
    )
    if spoor is None:
        raise NotFound(f"Spoor {spoor_id} is not known (yet) to indicatoren in {tenant}.")
    return spoor


async def list_indicators(
    session: AsyncSession, tenant: str, params: PageParams, *, spoor: int | None, dimensie: str | None
) -> tuple[int, list[Indicator]]:
    query = select(Indicator).where(Indicator.tenant == tenant)
    if spoor:
        query = query.where(Indicator.spoor_nummer == spoor)
    if dimensie:
        query = query.where(Indicator.dimensie == dimensie)
    return await paginate(session, query.order_by(Indicator.spoor_nummer, Indicator.code), params)


async def get_indicator(session: AsyncSession, tenant: str, code: str) -> Indicator:
    indicator = await session.scalar(select(Indicator).where(Indicator.tenant == tenant, Indicator.code == code))
    if indicator is None:
        raise NotFound(f"Indicator {code!r} does not exist in {tenant}.")
    return indicator


async def create_indicator(session: AsyncSession, tenant: str, data: schemas.IndicatorCreate) -> Indicator:
    if await session.scalar(select(Indicator.id).where(Indicator.tenant == tenant, Indicator.code == data.code)):
        raise Conflict(f"Indicator {data.code!r} already exists in {tenant}.", code="already_exists")
    indicator = Indicator(id=uuid.uuid4(), tenant=tenant, versie=1, **data.model_dump())
    session.add(indicator)
    await session.flush()
    return indicator


async def measurements(
    session: AsyncSession,
    tenant: str,
    indicator: Indicator,
    *,
    gebied: str | None,
    van: str | None,
    tot: str | None,
    alle_versies: bool,
) -> list[schemas.MetingRead]:
    """The series of an indicator (current values; with `alle_versies` every version, oldest first)."""
    query = select(Meting).where(Meting.tenant == tenant, Meting.indicator_id == indicator.id)
    if not alle_versies:
        query = query.where(Meting.actueel)
    if gebied:
        query = query.where(Meting.gebied == gebied)
    if van:
        query = query.where(Meting.periode_start >= periods.parse(van)[1])
    if tot:
        query = query.where(Meting.periode_start <= periods.parse(tot)[1])
    rows = await session.scalars(query.order_by(Meting.gebied, Meting.periode_start, Meting.periode, Meting.versie))
    return [schemas.MetingRead.model_validate(m).model_copy(update={"indicator": indicator.code}) for m in rows]


def as_table(rows: list[schemas.MetingRead]) -> schemas.Tabel:
    headers = ["indicator", "periode", "gebied", "waarde", "herkomst", "versie"]
    return schemas.Tabel(
        headers=headers,
        rows=[[r.indicator, r.periode, r.gebied, str(r.waarde.normalize()), r.herkomst, str(r.versie)] for r in rows],
    )
