"""Iv3 figures per track: a municipality's year, its series across years (both task-field lists), and how it
compares with the municipalities of its size class.

A track's figure is the sum of every task field assigned to it — parents included: a parent (6.71, 6.81, …) is a
booking of its own, never the sum of its leaves, and some municipalities book everything on it. Per inhabitant:
cents per inhabitant as the same Iv3 file counts them (`Inwonertal`), rounded half to even.
"""

from __future__ import annotations

import time
from collections import defaultdict
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.contracts import financien as events
from stuurcyclus_common.errors import NotFound
from stuurcyclus_common.events import record_event

from ..models import EVENTS, Iv3Bedrag, Iv3Gemeente, Iv3Indeling, Vergelijkingsgroep
from .indeling import Toewijzing, indeling, lijst_van, standaard


def per_inwoner(cents: int, inwoners: int | None) -> int | None:
    if not inwoners:
        return None
    return int((Decimal(cents) / inwoners).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def _tracks(
    rows: list[Iv3Bedrag], mapping: dict[str, Toewijzing], inwoners: int | None, other: dict[str, Toewijzing]
) -> list[dict]:
    """Totals per track; `taakvelden` names the fields counted (a parent only where it carries money). A code the
    year's list does not know but the other list does (a file of the other list under this year) is assigned by
    the other list."""
    codes = set(mapping) | set(other)
    parents = {c for c in codes if any(d != c and d.startswith(c) and len(d) == len(c) + 1 for d in codes)}
    totals: dict[int, dict] = {}
    for row in rows:
        assigned = mapping.get(row.taakveld) or other.get(row.taakveld)
        if assigned is None or assigned.spoor is None:
            continue
        total = totals.setdefault(
            assigned.spoor, {"spoorNummer": assigned.spoor, "lastenCent": 0, "batenCent": 0, "taakvelden": []}
        )
        total["lastenCent"] += row.lasten_cent or 0
        total["batenCent"] += row.baten_cent or 0
        if row.taakveld not in parents or row.lasten_cent or row.baten_cent:
            total["taakvelden"].append(row.taakveld)
    for total in totals.values():
        total["saldoCent"] = total["lastenCent"] - total["batenCent"]
        total["taakvelden"].sort()
        total["inwoners"] = inwoners
        total["lastenPerInwonerCent"] = per_inwoner(total["lastenCent"], inwoners)
        total["batenPerInwonerCent"] = per_inwoner(total["batenCent"], inwoners)
    return [totals[s] for s in sorted(totals)]


async def _inwoners(session: AsyncSession, tenant: str, jaar: int, bron: str) -> int | None:
    return await session.scalar(
        select(Iv3Gemeente.inwonertal).where(
            Iv3Gemeente.tenant == tenant, Iv3Gemeente.jaar == jaar, Iv3Gemeente.bron == bron
        )
    )


async def per_spoor(session: AsyncSession, tenant: str, jaar: int, bron: str) -> list[dict]:
    """The social domain per track in one year: income, expenses, balance, per inhabitant, and its task fields."""
    rows = list(
        await session.scalars(
            select(Iv3Bedrag).where(Iv3Bedrag.tenant == tenant, Iv3Bedrag.jaar == jaar, Iv3Bedrag.bron == bron)
        )
    )
    lijst = lijst_van(jaar)
    mapping = await indeling(session, tenant, lijst)
    other = await indeling(session, tenant, _other(lijst))
    return _tracks(rows, mapping, await _inwoners(session, tenant, jaar, bron), other)


def _other(lijst: str) -> str:
    return "2017" if lijst == "2025" else "2025"


async def reeks(session: AsyncSession, tenant: str, bron: str) -> list[dict]:
    """Every imported year per track, oldest first, each year by its own task-field list (comparable across)."""
    years = sorted(
        set(
            await session.scalars(
                select(Iv3Bedrag.jaar).where(Iv3Bedrag.tenant == tenant, Iv3Bedrag.bron == bron).distinct()
            )
        )
    )
    result = []
    for jaar in years:
        for track in await per_spoor(session, tenant, jaar, bron):
            result.append({"jaar": jaar, "lijst": lijst_van(jaar)} | track)
    return result


async def vergelijking(
    session: AsyncSession, tenant: str, jaar: int, bron: str, groep: Vergelijkingsgroep | None = None
) -> dict:
    """The municipalities of the same size class (`Gemeentegrootte` in the same Iv3 year), or those of a peer set the
    municipality chose (`groep`): expenses per track per inhabitant, by the platform's default assignment for all (so
    that the figures compare), and the municipality's position among them per track (1 = lowest per inhabitant)."""
    own = await session.scalar(
        select(Iv3Gemeente).where(Iv3Gemeente.tenant == tenant, Iv3Gemeente.jaar == jaar, Iv3Gemeente.bron == bron)
    )
    if own is None:
        raise NotFound(f"No Iv3 figures of {tenant} for {jaar} ({bron}) have been imported.")
    chosen = (
        Iv3Gemeente.tenant.in_([tenant, *groep.gemeenten])
        if groep is not None
        else Iv3Gemeente.gemeentegrootte == own.gemeentegrootte
    )
    peers = list(
        await session.scalars(
            select(Iv3Gemeente)
            .where(Iv3Gemeente.jaar == jaar, Iv3Gemeente.bron == bron, chosen)
            .order_by(Iv3Gemeente.naam)
        )
    )
    mapping, other = standaard()[lijst_van(jaar)], standaard()[_other(lijst_van(jaar))]
    social = [code for code, assigned in (other | mapping).items() if assigned.spoor is not None]
    rows: dict[str, list[Iv3Bedrag]] = defaultdict(list)
    for row in await session.scalars(
        select(Iv3Bedrag).where(
            Iv3Bedrag.jaar == jaar,
            Iv3Bedrag.bron == bron,
            Iv3Bedrag.tenant.in_([p.tenant for p in peers]),
            Iv3Bedrag.taakveld.in_(social),
        )
    ):
        rows[row.tenant].append(row)
    gemeenten: list[dict[str, Any]] = []
    for peer in peers:
        tracks = _tracks(rows[peer.tenant], mapping, peer.inwonertal, other)
        gemeenten.append(
            {
                "gemeente": peer.tenant,
                "naam": peer.naam,
                "inwoners": peer.inwonertal,
                "eigen": peer.tenant == tenant,
                "sporen": {t["spoorNummer"]: t["lastenPerInwonerCent"] for t in tracks},
            }
        )
    positie = {}
    for spoor in sorted({s for g in gemeenten for s in g["sporen"]}):
        ranked = sorted((g["sporen"][spoor], g["gemeente"]) for g in gemeenten if g["sporen"].get(spoor) is not None)
        place = next((i for i, (_, code) in enumerate(ranked, start=1) if code == tenant), None)
        positie[spoor] = {"positie": place, "van": len(ranked)}
    return {
        "jaar": jaar,
        "bron": bron,
        "lijst": lijst_van(jaar),
        "gemeentegrootte": own.gemeentegrootte,
        "stedelijkheid": own.stedelijkheid,
        "groep": groep.naam if groep is not None else None,
        "gemeenten": gemeenten,
        "positie": positie,
    }


async def announce(session: AsyncSession, jaar: int, bron: str, tenants: list[str]) -> int:
    """One `iv3.bijgewerkt` event per municipality of an import: its figures per track and its size class's
    figures per inhabitant. Computed in one pass over the year's rows (not a query per municipality)."""
    lijst = lijst_van(jaar)
    default, other = standaard()[lijst], standaard()[_other(lijst)]
    gemeenten = {
        g.tenant: g
        for g in await session.scalars(select(Iv3Gemeente).where(Iv3Gemeente.jaar == jaar, Iv3Gemeente.bron == bron))
    }
    rows: dict[str, list[Iv3Bedrag]] = defaultdict(list)
    for row in await session.scalars(select(Iv3Bedrag).where(Iv3Bedrag.jaar == jaar, Iv3Bedrag.bron == bron)):
        rows[row.tenant].append(row)
    own_rules: dict[str, dict] = defaultdict(dict)
    for rule in await session.scalars(select(Iv3Indeling).where(Iv3Indeling.lijst == lijst)):
        own_rules[rule.tenant][rule.taakveld] = rule.spoor_nummer
    comparable = {
        code: {t["spoorNummer"]: t["lastenPerInwonerCent"] for t in _tracks(rows[code], default, g.inwonertal, other)}
        for code, g in gemeenten.items()
    }
    by_class: dict[str | None, list[str]] = defaultdict(list)
    for code, entry in sorted(gemeenten.items(), key=lambda item: item[1].naam):
        by_class[entry.gemeentegrootte].append(code)
    versie = int(time.time() * 1000)
    for code in tenants:
        g = gemeenten.get(code)
        if g is None:
            continue
        mapping = default
        if own_rules.get(code):
            mapping = {**default}
            for taakveld, spoor in own_rules[code].items():
                known = default.get(taakveld)
                mapping[taakveld] = Toewijzing(taakveld, spoor, known.omschrijving if known else "", True)
        tracks = _tracks(rows[code], mapping, g.inwonertal, other)
        event = events.Iv3Bijgewerkt(
            jaar=jaar,
            bron=bron,
            lijst=lijst,
            naam=g.naam,
            inwoners=g.inwonertal,
            gemeentegrootte=g.gemeentegrootte,
            stedelijkheid=g.stedelijkheid,
            sporen=[
                events.Iv3SpoorCijfers(
                    spoor=t["spoorNummer"],
                    lastenCent=t["lastenCent"],
                    batenCent=t["batenCent"],
                    lastenPerInwonerCent=t["lastenPerInwonerCent"],
                    batenPerInwonerCent=t["batenPerInwonerCent"],
                    taakvelden=t["taakvelden"],
                )
                for t in tracks
            ],
            vergelijkbaar=[
                events.Iv3Vergelijkbare(
                    gemeente=peer,
                    naam=gemeenten[peer].naam,
                    inwoners=gemeenten[peer].inwonertal,
                    lastenPerInwonerCent=comparable[peer],
                )
                for peer in by_class[g.gemeentegrootte]
            ],
            versie=versie,
        )
        await record_event(session, EVENTS, event, tenant=code, subject=f"{jaar}-{bron}")
    return len(tenants)


async def announce_own(session: AsyncSession, tenant: str, lijst: str) -> None:
    """After a municipality changed its assignment of a list: its figures of every year of that list again."""
    imported = (
        await session.execute(select(Iv3Gemeente.jaar, Iv3Gemeente.bron).where(Iv3Gemeente.tenant == tenant).distinct())
    ).all()
    for jaar, bron in imported:
        if lijst_van(jaar) == lijst:
            await announce(session, jaar, bron, [tenant])
