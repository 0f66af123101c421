"""The savings as read: the lines, the frame's history and first year, target against realisation per track and
year, what was realised before the frame."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..models import Besparingsdoel, Besparingskader, Besparingslijn, Realisatie
from ..shared.service import bedrag
from .schemas import (
    DoelRealisatie,
    VoorKader,
)


async def list_lijnen(session: AsyncSession, tenant: str) -> list[Besparingslijn]:
    query = select(Besparingslijn).where(Besparingslijn.tenant == tenant)
    return list(await session.scalars(query.order_by(Besparingslijn.volgorde, Besparingslijn.code)))


async def list_kaders(session: AsyncSession, tenant: str) -> list[Besparingskader]:
    query = select(Besparingskader).where(Besparingskader.tenant == tenant).order_by(Besparingskader.versie)
    return list(await session.scalars(query))


def _kinds() -> dict[str, int]:
    return {"structureel": 0, "incidenteel": 0, "onbepaald": 0}


async def _savings(session: AsyncSession, tenant: str) -> tuple[dict, dict, dict]:
    """Per (track, year): the track's own target, its claim on the margin, and what was realised by kind."""
    lijnen = {lijn.id: (lijn.spoor_nummer, lijn.ten_laste_van_marge) for lijn in await list_lijnen(session, tenant)}
    doel: dict[tuple, int] = defaultdict(int)
    beslag: dict[tuple, int] = defaultdict(int)
    gerealiseerd: dict[tuple, dict[str, int]] = defaultdict(_kinds)
    for lijn_id, jaar, cent in await session.execute(
        select(Besparingsdoel.lijn_id, Besparingsdoel.jaar, Besparingsdoel.bedrag_cent).where(
            Besparingsdoel.tenant == tenant
        )
    ):
        spoor, marge = lijnen[lijn_id]
        (beslag if marge else doel)[(spoor, jaar)] += cent
    for spoor, jaar, soort, cent in await session.execute(
        select(Realisatie.spoor_nummer, Realisatie.jaar, Realisatie.soort, func.sum(Realisatie.bedrag_cent))
        .where(Realisatie.tenant == tenant)
        .group_by(Realisatie.spoor_nummer, Realisatie.jaar, Realisatie.soort)
    ):
        gerealiseerd[(spoor, jaar)][soort or "onbepaald"] += int(cent)
    return doel, beslag, gerealiseerd


async def frame_start(session: AsyncSession, tenant: str) -> int | None:
    """The savings frame's first year: the first year a savings line has a target (None: no targets yet). What was
    realised before it is realised before the frame."""
    return await session.scalar(select(func.min(Besparingsdoel.jaar)).where(Besparingsdoel.tenant == tenant))


async def doel_vs_realisatie(session: AsyncSession, tenant: str) -> list[DoelRealisatie]:
    """Per track and year of the frame: the track's own target (its lines, without those charged to the prudence
    margin, which are its claim on the margin) against what was realised in that year. What was realised before the
    frame's first year is not a year's realisation (`voor_kader`)."""
    doel, beslag, gerealiseerd = await _savings(session, tenant)
    first = await frame_start(session, tenant)
    keys = {k for k in [*doel, *beslag, *gerealiseerd] if first is None or k[1] >= first}
    return [
        DoelRealisatie(
            spoor_nummer=spoor,
            jaar=jaar,
            doel=bedrag(doel.get((spoor, jaar), 0)),
            beslag_marge=bedrag(beslag.get((spoor, jaar), 0)),
            gerealiseerd_structureel=bedrag(gerealiseerd[(spoor, jaar)]["structureel"]),
            gerealiseerd_incidenteel=bedrag(gerealiseerd[(spoor, jaar)]["incidenteel"]),
            gerealiseerd=bedrag(sum(gerealiseerd[(spoor, jaar)].values())),
        )
        for spoor, jaar in sorted(keys, key=lambda k: (k[0] or 0, k[1]))
    ]


async def voor_kader(session: AsyncSession, tenant: str) -> list[VoorKader]:
    """Per track, what was realised before the frame's first year (with the sources' words)."""
    first = await frame_start(session, tenant)
    if first is None:
        return []
    per_track: dict[int | None, dict[str, int]] = defaultdict(_kinds)
    notes: dict[int | None, list[str]] = defaultdict(list)
    earlier = select(Realisatie).where(Realisatie.tenant == tenant, Realisatie.jaar < first)
    for r in await session.scalars(
        earlier.order_by(Realisatie.spoor_nummer, Realisatie.jaar, Realisatie.geregistreerd_op)
    ):
        per_track[r.spoor_nummer][r.soort or "onbepaald"] += r.bedrag_cent
        if r.toelichting:
            notes[r.spoor_nummer].append(r.toelichting + (f" (bron: {r.bron})" if r.bron else ""))
    return [
        VoorKader(
            spoor_nummer=spoor,
            voor_jaar=first,
            gerealiseerd_structureel=bedrag(kinds["structureel"]),
            gerealiseerd_incidenteel=bedrag(kinds["incidenteel"]),
            gerealiseerd=bedrag(sum(kinds.values())),
            toelichting=notes[spoor],
        )
        for spoor, kinds in sorted(per_track.items(), key=lambda item: item[0] or 0)
    ]
