"""Rules of the savings: lines and their targets, realisations (append-only), the frame's history, the margin;
each change announces the financial overview (`overzicht`)."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.errors import Conflict, NotFound

from ..models import Behoedzaamheidsmarge, Besparingsdoel, Besparingskader, Besparingslijn, Realisatie
from ..overzicht.service import announce_overzicht
from .schemas import (
    BesparingskaderCreate,
    BesparingslijnCreate,
    BesparingslijnRead,
    RealisatieCreate,
    SpoorRealisatieCreate,
)


async def get_lijn(session: AsyncSession, tenant: str, lijn_id: uuid.UUID) -> Besparingslijn:
    lijn = await session.scalar(
        select(Besparingslijn).where(Besparingslijn.tenant == tenant, Besparingslijn.id == lijn_id)
    )
    if lijn is None:
        raise NotFound(f"Savings line {lijn_id} does not exist in {tenant}.")
    return lijn


async def lijn_read(session: AsyncSession, lijn: Besparingslijn) -> BesparingslijnRead:
    doelen = await session.execute(
        select(Besparingsdoel.jaar, Besparingsdoel.bedrag_cent).where(Besparingsdoel.lijn_id == lijn.id)
    )
    return BesparingslijnRead.model_validate(lijn).model_copy(update={"doelen": dict(sorted(doelen.all()))})


async def create_lijn(
    session: AsyncSession, tenant: str, data: BesparingslijnCreate, *, announce: bool = True
) -> Besparingslijn:
    """Add a savings line with its targets per year; the overview it changes is announced (unless a caller that
    changes more announces once itself, `announce=False`)."""
    taken = await session.scalar(
        select(Besparingslijn.id).where(Besparingslijn.tenant == tenant, Besparingslijn.code == data.code)
    )
    if taken:
        raise Conflict(f"Savings line {data.code!r} already exists in {tenant}.", code="bestaat_al")
    lijn = Besparingslijn(id=uuid.uuid4(), tenant=tenant, **data.model_dump(exclude={"doelen"}))
    session.add(lijn)
    await session.flush()
    for jaar, cent in data.doelen.items():
        await set_doel(session, lijn, jaar, cent, announce=False)
    if announce:
        await announce_overzicht(session, tenant)
    return lijn


async def set_doel(session: AsyncSession, lijn: Besparingslijn, jaar: int, cent: int, *, announce: bool = True) -> None:
    """Set (or replace) the target of a line in a year."""
    stmt = insert(Besparingsdoel).values(tenant=lijn.tenant, lijn_id=lijn.id, jaar=jaar, bedrag_cent=cent)
    await session.execute(stmt.on_conflict_do_update(index_elements=["lijn_id", "jaar"], set_={"bedrag_cent": cent}))
    if announce:
        await announce_overzicht(session, lijn.tenant)


async def add_realisatie(session: AsyncSession, tenant: str, lijn_id: uuid.UUID, data: RealisatieCreate) -> Realisatie:
    lijn = await get_lijn(session, tenant, lijn_id)
    fields = data.model_dump()
    return await book(session, Realisatie(tenant=tenant, lijn_id=lijn.id, spoor_nummer=lijn.spoor_nummer, **fields))


async def add_spoor_realisatie(session: AsyncSession, tenant: str, data: SpoorRealisatieCreate) -> Realisatie:
    """A track's realised saving that the source does not split over its lines."""
    return await book(session, Realisatie(tenant=tenant, lijn_id=None, **data.model_dump()))


async def book(session: AsyncSession, realisatie: Realisatie) -> Realisatie:
    """Record a realisation (append-only) and announce the overview it changes."""
    realisatie.id = uuid.uuid4()
    session.add(realisatie)
    await session.flush()
    await announce_overzicht(session, realisatie.tenant)
    return realisatie


async def list_realisaties(session: AsyncSession, tenant: str, lijn_id: uuid.UUID) -> list[Realisatie]:
    lijn = await get_lijn(session, tenant, lijn_id)
    query = (
        select(Realisatie).where(Realisatie.lijn_id == lijn.id).order_by(Realisatie.jaar, Realisatie.geregistreerd_op)
    )
    return list(await session.scalars(query))


async def list_all_realisaties(session: AsyncSession, tenant: str, spoor_nummer: int | None) -> list[Realisatie]:
    """Every realised saving of the municipality (of one track), lines' and tracks' alike, oldest first."""
    query = select(Realisatie).where(Realisatie.tenant == tenant)
    if spoor_nummer is not None:
        query = query.where(Realisatie.spoor_nummer == spoor_nummer)
    order = (Realisatie.spoor_nummer, Realisatie.jaar, Realisatie.geregistreerd_op)
    return list(await session.scalars(query.order_by(*order)))


async def add_kader(session: AsyncSession, tenant: str, data: BesparingskaderCreate) -> Besparingskader:
    """A new version of the savings frame (the one before stays in the history)."""
    # two at once: the unique (tenant, versie) refuses the second, which answers 409 and may be sent again
    latest = await session.scalar(select(func.max(Besparingskader.versie)).where(Besparingskader.tenant == tenant))
    kader = Besparingskader(id=uuid.uuid4(), tenant=tenant, versie=(latest or 0) + 1, **data.model_dump())
    session.add(kader)
    await session.flush()
    await announce_overzicht(session, tenant)
    return kader


async def set_marge(session: AsyncSession, tenant: str, jaar: int, cent: int, *, announce: bool = True) -> None:
    """Set the prudence margin of a year."""
    stmt = insert(Behoedzaamheidsmarge).values(tenant=tenant, jaar=jaar, bedrag_cent=cent)
    await session.execute(stmt.on_conflict_do_update(index_elements=["tenant", "jaar"], set_={"bedrag_cent": cent}))
    if announce:
        await announce_overzicht(session, tenant)
