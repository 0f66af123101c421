"""Loads Zwolle's finance figures (`seed_zwolle.py`). Idempotent: lines by code, margins by year, posts by
(year, kind, description); what exists is left as it is.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.db import Database

from .begroting import service as begroting_service
from .begroting.schemas import BegrotingspostCreate
from .besparingen import cijfers as besparingen_cijfers
from .besparingen import service as besparingen_service
from .besparingen.schemas import BesparingskaderCreate, BesparingslijnCreate, RealisatieCreate, SpoorRealisatieCreate
from .models import Begrotingspost, Behoedzaamheidsmarge, Besparingskader, Besparingslijn, Realisatie
from .overzicht import service as overzicht_service
from .seed_zwolle import BEHOEDZAAMHEIDSMARGE, KADERS, LIJNEN, POSTEN, REALISATIES, VERGELIJKINGSGROEPEN
from .vergelijkingsgroepen import service as vergelijkingsgroepen_service
from .vergelijkingsgroepen.schemas import VergelijkingsgroepCreate

ZWOLLE = "GM0193"


async def seed(database: Database) -> str:
    async with database.session_scope() as session:
        added = await seed_tenant(session, ZWOLLE)
    return f"{added} Zwolle records added" if added else "Zwolle's figures already loaded (0 records added)"


async def seed_tenant(session: AsyncSession, tenant: str) -> int:
    """Zwolle's figures under `tenant`'s code (Zwolle itself, or the shape of Zwolle for another municipality in a
    benchmark of many); returns how many records it added."""
    added = 0
    codes = set(await session.scalars(select(Besparingslijn.code).where(Besparingslijn.tenant == tenant)))
    for lijn in LIJNEN:
        if lijn["code"] not in codes:
            await besparingen_service.create_lijn(session, tenant, BesparingslijnCreate(**lijn), announce=False)
            added += 1
    years = set(await session.scalars(select(Behoedzaamheidsmarge.jaar).where(Behoedzaamheidsmarge.tenant == tenant)))
    for jaar, cent in BEHOEDZAAMHEIDSMARGE.items():
        if jaar not in years:
            await besparingen_service.set_marge(session, tenant, jaar, cent, announce=False)
            added += 1
    existing = set(
        (
            await session.execute(
                select(Begrotingspost.jaar, Begrotingspost.soort, Begrotingspost.omschrijving).where(
                    Begrotingspost.tenant == tenant
                )
            )
        ).all()
    )
    for post in POSTEN:
        if (post["jaar"], post["soort"], post["omschrijving"]) not in existing:
            await begroting_service.create_post(session, tenant, BegrotingspostCreate(**post), announce=False)
            added += 1
    added += await _frame_and_realised(session, tenant)
    added += await _peer_sets(session, tenant)
    if added:
        await overzicht_service.announce_overzicht(session, tenant)
    return added


async def _frame_and_realised(session: AsyncSession, tenant: str) -> int:
    """The savings frame's versions and what was realised before it, where none are recorded yet."""
    added = 0
    if not await session.scalar(select(Besparingskader.id).where(Besparingskader.tenant == tenant).limit(1)):
        for kader in KADERS:
            await besparingen_service.add_kader(session, tenant, BesparingskaderCreate(**kader))
            added += 1
    if not await session.scalar(select(Realisatie.id).where(Realisatie.tenant == tenant).limit(1)):
        lijnen = {lijn.code: lijn.id for lijn in await besparingen_cijfers.list_lijnen(session, tenant)}
        for realisatie in REALISATIES:  # a line's (by its code), or the track's where the source names no line
            fields = {k: realisatie[k] for k in ("jaar", "soort", "bedrag_cent", "toelichting", "bron")}
            if realisatie["lijn"] is not None:
                data = RealisatieCreate(**fields)
                await besparingen_service.add_realisatie(session, tenant, lijnen[realisatie["lijn"]], data)
            else:
                await besparingen_service.add_spoor_realisatie(
                    session, tenant, SpoorRealisatieCreate(spoor_nummer=realisatie["spoor_nummer"], **fields)
                )
            added += 1
    return added


async def _peer_sets(session: AsyncSession, tenant: str) -> int:
    """The peers the sources name (2018's collectivisation, the Koers 2023), where missing."""
    known = {g.naam for g in await vergelijkingsgroepen_service.list_groepen(session, tenant)}
    added = 0
    for groep in VERGELIJKINGSGROEPEN:
        if groep["naam"] not in known:
            await vergelijkingsgroepen_service.create_groep(session, tenant, VergelijkingsgroepCreate(**groep))
            added += 1
    return added
