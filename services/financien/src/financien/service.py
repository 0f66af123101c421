"""Rules of the financien service. Functions only flush; the request's (or event's) transaction commits once.

The ceiling rule: per ceiling, committed plus reserved never exceeds the ceiling. A reservation locks its ceiling
row (`SELECT … FOR UPDATE`) before it sums what is used, so concurrent requests for one ceiling are judged one
after the other, whichever process handles them.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.charts import mln
from stuurcyclus_common.contracts import financien as events
from stuurcyclus_common.contracts.gesprekstafels import AanvraagBedragV1
from stuurcyclus_common.errors import Conflict, InvalidParam, NotFound, Unprocessable
from stuurcyclus_common.events import record_event
from stuurcyclus_common.snapshots import next_version
from stuurcyclus_common.versioning import referenced

from . import schemas
from .models import (
    EVENTS,
    SNAPSHOT_VERSIONS,
    AmbitieReferentie,
    Begroting,
    Begrotingspost,
    Behoedzaamheidsmarge,
    Besparingsdoel,
    Besparingskader,
    Besparingslijn,
    Iv3Bedrag,
    Realisatie,
    Reservering,
    Subsidieplafond,
    Verschuiving,
)

USED = ("gereserveerd", "vastgelegd")
#: What a ceiling's view counts: reserved and committed (by status), paid out and reclaimed (the payment ledger's).
USAGE = (*USED, "betaald", "teruggevorderd")


def bedrag(cent: int) -> schemas.Bedrag:
    """Cents, and € mln with two decimals (half to even) for display."""
    return schemas.Bedrag(cent=cent, mln=mln(cent))


# --- savings: lines, targets, realisations, prudence margin ---------------------------------------------------------


async def get_lijn(session: AsyncSession, tenant: str, lijn_id: uuid.UUID) -> Besparingslijn:
    lijn = await session.scalar(
        select(Besparingslijn).where(Besparingslijn.tenant == tenant, Besparingslijn.id == lijn_id)
    )
    if lijn is None:
        raise NotFound(f"Savings line {lijn_id} does not exist in {tenant}.")
    return lijn


async def lijn_read(session: AsyncSession, lijn: Besparingslijn) -> schemas.BesparingslijnRead:
    doelen = await session.execute(
        select(Besparingsdoel.jaar, Besparingsdoel.bedrag_cent).where(Besparingsdoel.lijn_id == lijn.id)
    )
    return schemas.BesparingslijnRead.model_validate(lijn).model_copy(update={"doelen": dict(sorted(doelen.all()))})


async def list_lijnen(session: AsyncSession, tenant: str) -> list[Besparingslijn]:
    query = select(Besparingslijn).where(Besparingslijn.tenant == tenant)
    return list(await session.scalars(query.order_by(Besparingslijn.volgorde, Besparingslijn.code)))


async def create_lijn(
    session: AsyncSession, tenant: str, data: schemas.BesparingslijnCreate, *, announce: bool = True
) -> Besparingslijn:
    """Add a savings line with its targets per year; the overview it changes is announced (unless a caller that
    changes more announces once itself, `announce=False`)."""
    taken = await session.scalar(
        select(Besparingslijn.id).where(Besparingslijn.tenant == tenant, Besparingslijn.code == data.code)
    )
    if taken:
        raise Conflict(f"Savings line {data.code!r} already exists in {tenant}.", code="already_exists")
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


async def add_realisatie(
    session: AsyncSession, tenant: str, lijn_id: uuid.UUID, data: schemas.RealisatieCreate
) -> Realisatie:
    lijn = await get_lijn(session, tenant, lijn_id)
    fields = data.model_dump()
    return await _book(session, Realisatie(tenant=tenant, lijn_id=lijn.id, spoor_nummer=lijn.spoor_nummer, **fields))


async def add_spoor_realisatie(session: AsyncSession, tenant: str, data: schemas.SpoorRealisatieCreate) -> Realisatie:
    """A track's realised saving that the source does not split over its lines."""
    return await _book(session, Realisatie(tenant=tenant, lijn_id=None, **data.model_dump()))


async def _book(session: AsyncSession, realisatie: Realisatie) -> Realisatie:
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


# --- the savings frame's history -----------------------------------------------------------------------------------


async def list_kaders(session: AsyncSession, tenant: str) -> list[Besparingskader]:
    query = select(Besparingskader).where(Besparingskader.tenant == tenant).order_by(Besparingskader.versie)
    return list(await session.scalars(query))


async def add_kader(session: AsyncSession, tenant: str, data: schemas.BesparingskaderCreate) -> Besparingskader:
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


async def totaalopgave(session: AsyncSession, tenant: str) -> schemas.Totaalopgave:
    """Lines × years as stored (read in the caller's transaction; `reads.totaalopgave` is the API's read)."""
    lijnen = [
        (lijn.id, lijn.code, lijn.naam, lijn.spoor_nummer, lijn.ten_laste_van_marge)
        for lijn in await list_lijnen(session, tenant)
    ]
    doelen = await session.execute(
        select(Besparingsdoel.lijn_id, Besparingsdoel.jaar, Besparingsdoel.bedrag_cent).where(
            Besparingsdoel.tenant == tenant
        )
    )
    marges = await session.execute(
        select(Behoedzaamheidsmarge.jaar, Behoedzaamheidsmarge.bedrag_cent).where(Behoedzaamheidsmarge.tenant == tenant)
    )
    return compose_totaalopgave(lijnen, doelen, marges)


def compose_totaalopgave(
    lijnen: Iterable[Sequence[Any]], doelen: Iterable[Sequence[Any]], marges: Iterable[Sequence[Any]]
) -> schemas.Totaalopgave:
    """The Totaalopgave from its stored parts: lines `(id, code, naam, spoor_nummer, ten_laste_van_marge)` in order,
    targets `(lijn_id, jaar, cent)`, margins `(jaar, cent)`. The total and the years are computed here, never stored."""
    lijnen = list(lijnen)
    per_lijn: dict[uuid.UUID, dict[int, int]] = defaultdict(dict)
    for lijn_id, jaar, cent in doelen:
        per_lijn[lijn_id][jaar] = cent
    marge_per_jaar = {jaar: cent for jaar, cent in marges}
    jaren = sorted({j for d in per_lijn.values() for j in d} | set(marge_per_jaar))
    totaal = {j: sum(per_lijn[lijn_id].get(j, 0) for lijn_id, *_ in lijnen) for j in jaren}
    beslag = {j: sum(per_lijn[lijn_id].get(j, 0) for lijn_id, *_, marge in lijnen if marge) for j in jaren}
    return schemas.Totaalopgave(
        jaren=jaren,
        beslag_op_marge={j: bedrag(c) for j, c in beslag.items()},
        lijnen=[
            schemas.TotaalopgaveLijn(
                code=code,
                naam=naam,
                spoor_nummer=spoor_nummer,
                ten_laste_van_marge=marge,
                bedragen={j: bedrag(c) for j, c in sorted(per_lijn[lijn_id].items())},
            )
            for lijn_id, code, naam, spoor_nummer, marge in lijnen
        ],
        totaal={j: bedrag(c) for j, c in totaal.items()},
        behoedzaamheidsmarge={j: bedrag(marge_per_jaar[j]) if j in marge_per_jaar else None for j in jaren},
    )


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


async def doel_vs_realisatie(session: AsyncSession, tenant: str) -> list[schemas.DoelRealisatie]:
    """Per track and year of the frame: the track's own target (its lines, without those charged to the prudence
    margin, which are its claim on the margin) against what was realised in that year. What was realised before the
    frame's first year is not a year's realisation (`voor_kader`)."""
    doel, beslag, gerealiseerd = await _savings(session, tenant)
    first = await frame_start(session, tenant)
    keys = {k for k in [*doel, *beslag, *gerealiseerd] if first is None or k[1] >= first}
    return [
        schemas.DoelRealisatie(
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


async def voor_kader(session: AsyncSession, tenant: str) -> list[schemas.VoorKader]:
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
        schemas.VoorKader(
            spoor_nummer=spoor,
            voor_jaar=first,
            gerealiseerd_structureel=bedrag(kinds["structureel"]),
            gerealiseerd_incidenteel=bedrag(kinds["incidenteel"]),
            gerealiseerd=bedrag(sum(kinds.values())),
            toelichting=notes[spoor],
        )
        for spoor, kinds in sorted(per_track.items(), key=lambda item: item[0] or 0)
    ]


async def announce_overzicht(session: AsyncSession, tenant: str) -> None:
    """After a change to savings, margin or budget lines: the whole financial overview as one versioned event."""
    opgave = await totaalopgave(session, tenant)
    posts = list(
        await session.scalars(
            select(Begrotingspost)
            .where(Begrotingspost.tenant == tenant)
            .order_by(Begrotingspost.jaar, Begrotingspost.soort, Begrotingspost.created_at)
        )
    )
    actual = await actual_amounts(session, posts)
    event = events.OverzichtBijgewerkt(
        versie=await next_version(session, SNAPSHOT_VERSIONS, tenant, "overzicht"),
        jaren=opgave.jaren,
        lijnen=[
            events.OverzichtLijn(
                code=lijn.code,
                naam=lijn.naam,
                spoor=lijn.spoor_nummer,
                tenLasteVanMarge=lijn.ten_laste_van_marge,
                bedragen={j: b.cent for j, b in lijn.bedragen.items()},
            )
            for lijn in opgave.lijnen
        ],
        totaal={j: b.cent for j, b in opgave.totaal.items()},
        behoedzaamheidsmarge={j: b.cent for j, b in opgave.behoedzaamheidsmarge.items() if b is not None},
        beslagOpMarge={j: b.cent for j, b in opgave.beslag_op_marge.items()},
        doelRealisatie=[
            events.OverzichtDoelRealisatie(
                spoor=r.spoor_nummer,
                jaar=r.jaar,
                doelCent=r.doel.cent,
                beslagMargeCent=r.beslag_marge.cent,
                structureelCent=r.gerealiseerd_structureel.cent,
                incidenteelCent=r.gerealiseerd_incidenteel.cent,
                gerealiseerdCent=r.gerealiseerd.cent,
            )
            for r in await doel_vs_realisatie(session, tenant)
        ],
        voorKader=[
            events.OverzichtVoorKader(
                spoor=v.spoor_nummer,
                voorJaar=v.voor_jaar,
                structureelCent=v.gerealiseerd_structureel.cent,
                incidenteelCent=v.gerealiseerd_incidenteel.cent,
                gerealiseerdCent=v.gerealiseerd.cent,
                toelichting=v.toelichting,
            )
            for v in await voor_kader(session, tenant)
        ],
        kaders=[
            events.OverzichtKader(
                versie=k.versie,
                periode=k.periode,
                totaalCent=k.totaal_cent,
                doeljaar=k.doeljaar,
                reden=k.reden,
                bron=k.bron,
            )
            for k in await list_kaders(session, tenant)
        ],
        posten=[
            events.OverzichtPost(
                postId=p.id,
                jaar=p.jaar,
                soort=p.soort,
                omschrijving=p.omschrijving,
                bedragCent=actual[p.id],
                karakter=p.karakter,
                status=p.status,
                programma=p.programma,
                spoor=p.spoor_nummer,
                ambitie=p.ambitie_nummer,
                toelichting=p.toelichting,
            )
            for p in posts
        ],
    )
    await record_event(session, EVENTS, event, tenant=tenant)


# --- budget: posts and the council's adoption ------------------------------------------------------------------------


async def list_posten(
    session: AsyncSession, tenant: str, *, jaar: int | None, soort: str | None
) -> list[Begrotingspost]:
    query = select(Begrotingspost).where(Begrotingspost.tenant == tenant)
    if jaar:
        query = query.where(Begrotingspost.jaar == jaar)
    if soort:
        query = query.where(Begrotingspost.soort == soort)
    return list(
        await session.scalars(query.order_by(Begrotingspost.jaar, Begrotingspost.soort, Begrotingspost.omschrijving))
    )


async def list_begrotingen(session: AsyncSession, tenant: str) -> list[Begroting]:
    return list(await session.scalars(select(Begroting).where(Begroting.tenant == tenant).order_by(Begroting.jaar)))


async def actual_amounts(session: AsyncSession, posts: list[Begrotingspost]) -> dict[uuid.UUID, int]:
    """Each post's amount after the reallocations into and out of it (computed, never stored)."""
    ids = [p.id for p in posts]
    actual = {p.id: p.bedrag_cent for p in posts}
    rows = await session.execute(
        select(Verschuiving.van_post_id, Verschuiving.naar_post_id, Verschuiving.bedrag_cent).where(
            (Verschuiving.van_post_id.in_(ids)) | (Verschuiving.naar_post_id.in_(ids))
        )
    )
    for van, naar, cent in rows:
        if van in actual:
            actual[van] -= cent
        if naar in actual:
            actual[naar] += cent
    return actual


async def post_reads(session: AsyncSession, posts: list[Begrotingspost]) -> list[schemas.BegrotingspostRead]:
    actual = await actual_amounts(session, posts)
    return [
        schemas.BegrotingspostRead.model_validate(p).model_copy(update={"actueel_cent": actual[p.id]}) for p in posts
    ]


async def reallocate(session: AsyncSession, tenant: str, data: schemas.VerschuivingCreate) -> Verschuiving:
    """Move money between two budget lines of the same year, with a reason; a line never goes below zero."""
    if data.van_post_id == data.naar_post_id:
        raise Unprocessable("A reallocation needs two different budget lines.", code="same_post")
    ids = sorted([data.van_post_id, data.naar_post_id])
    posts = {
        p.id: p
        for p in await session.scalars(
            select(Begrotingspost).where(Begrotingspost.tenant == tenant, Begrotingspost.id.in_(ids)).with_for_update()
        )
    }
    for name, post_id in (("vanPostId", data.van_post_id), ("naarPostId", data.naar_post_id)):
        if post_id not in posts:
            raise Unprocessable(
                f"Budget line {post_id} does not exist in {tenant}.",
                code="post_unknown",
                invalid_params=[InvalidParam(name=name, code="unknown", reason="no such budget line")],
            )
    van, naar = posts[data.van_post_id], posts[data.naar_post_id]
    if van.jaar != naar.jaar:
        raise Unprocessable(f"Both lines must be of one year ({van.jaar} ≠ {naar.jaar}).", code="other_year")
    available = (await actual_amounts(session, [van]))[van.id]
    if data.bedrag_cent > available:
        raise Conflict(
            f"Only {available} cents are left on {van.omschrijving!r}; {data.bedrag_cent} cannot move.",
            code="insufficient",
        )
    verschuiving = Verschuiving(id=uuid.uuid4(), tenant=tenant, **data.model_dump())
    session.add(verschuiving)
    await session.flush()
    await announce_overzicht(session, tenant)
    return verschuiving


async def list_verschuivingen(session: AsyncSession, tenant: str) -> list[Verschuiving]:
    query = select(Verschuiving).where(Verschuiving.tenant == tenant).order_by(Verschuiving.geregistreerd_op)
    return list(await session.scalars(query))


async def create_post(
    session: AsyncSession, tenant: str, data: schemas.BegrotingspostCreate, *, announce: bool = True
) -> Begrotingspost:
    """Propose a budget line."""
    post = Begrotingspost(id=uuid.uuid4(), tenant=tenant, status="voorgesteld", **data.model_dump())
    session.add(post)
    await session.flush()
    if announce:
        await announce_overzicht(session, tenant)
    return post


async def adopt_post(session: AsyncSession, tenant: str, post_id: uuid.UUID) -> Begrotingspost:
    post = await session.scalar(
        select(Begrotingspost).where(Begrotingspost.tenant == tenant, Begrotingspost.id == post_id).with_for_update()
    )
    if post is None:
        raise NotFound(f"Budget line {post_id} does not exist in {tenant}.")
    if post.status == "vastgesteld":
        raise Conflict("This budget line is already adopted.", code="already_adopted")
    post.status = "vastgesteld"
    await session.flush()
    await announce_overzicht(session, tenant)
    return post


async def create_begroting(session: AsyncSession, tenant: str, jaar: int) -> Begroting:
    if await session.scalar(select(Begroting.id).where(Begroting.tenant == tenant, Begroting.jaar == jaar)):
        raise Conflict(f"The budget {jaar} already exists in {tenant}.", code="already_exists")
    begroting = Begroting(id=uuid.uuid4(), tenant=tenant, jaar=jaar, status="voorgesteld")
    session.add(begroting)
    await session.flush()
    return begroting


async def adopt_begroting(session: AsyncSession, tenant: str, begroting_id: uuid.UUID, op: date) -> Begroting:
    """The council adopts the budget: recorded once, announced by event (the subsidy cycle waits for it)."""
    begroting = await session.scalar(
        select(Begroting).where(Begroting.tenant == tenant, Begroting.id == begroting_id).with_for_update()
    )
    if begroting is None:
        raise NotFound(f"Budget {begroting_id} does not exist in {tenant}.")
    if begroting.status == "vastgesteld":
        raise Conflict(
            f"The budget {begroting.jaar} was adopted on {begroting.vastgesteld_op}.", code="already_adopted"
        )
    begroting.status, begroting.vastgesteld_op = "vastgesteld", op
    await session.flush()
    event = events.BegrotingVastgesteld(begrotingId=begroting.id, jaar=begroting.jaar, vastgesteldOp=op.isoformat())
    await record_event(session, EVENTS, event, tenant=tenant, subject=str(begroting.id))
    return begroting


async def iv3_rows(session: AsyncSession, tenant: str, jaar: int, bron: str) -> list[Iv3Bedrag]:
    query = select(Iv3Bedrag).where(Iv3Bedrag.tenant == tenant, Iv3Bedrag.jaar == jaar, Iv3Bedrag.bron == bron)
    return list(await session.scalars(query.order_by(Iv3Bedrag.taakveld)))


# --- subsidy ceilings and reservations ------------------------------------------------------------------------------


async def usage(session: AsyncSession, plafond_ids: list[uuid.UUID]) -> dict[uuid.UUID, dict[str, int]]:
    """Per ceiling: reserved and committed (by status), and what was paid out and reclaimed under it (any status)."""
    rows = await session.execute(
        select(
            Reservering.plafond_id,
            Reservering.status,
            func.sum(Reservering.bedrag_cent),
            func.sum(Reservering.betaald_cent),
            func.sum(Reservering.teruggevorderd_cent),
        )
        .where(Reservering.plafond_id.in_(plafond_ids))
        .group_by(Reservering.plafond_id, Reservering.status)
    )
    used: dict[uuid.UUID, dict[str, int]] = {i: dict.fromkeys(USAGE, 0) for i in plafond_ids}
    for plafond_id, status, cent, paid, reclaimed in rows:
        if status in USED:
            used[plafond_id][status] = int(cent)
        used[plafond_id]["betaald"] += int(paid or 0)
        used[plafond_id]["teruggevorderd"] += int(reclaimed or 0)
    return used


def in_use(used: dict[str, int]) -> int:
    """What counts against a ceiling: committed (granted) and reserved (proposed) amounts."""
    return used["vastgelegd"] + used["gereserveerd"]


def room(ceiling_cent: int, in_use_cent: int) -> int:
    """The room left under a ceiling: never below zero (a ceiling lowered below what is in use has none left). One
    rule for the read body, the reservation's answer and every reservation event."""
    return max(0, ceiling_cent - in_use_cent)


def plafond_read(plafond: Subsidieplafond, used: dict[str, int]) -> schemas.PlafondRead:
    return schemas.PlafondRead(
        id=plafond.id,
        ambitie_id=plafond.ambitie_id,
        jaar=plafond.jaar,
        bedrag_cent=plafond.bedrag_cent,
        sisa_code=plafond.sisa_code,
        vastgelegd_cent=used["vastgelegd"],
        gereserveerd_cent=used["gereserveerd"],
        beschikbaar_cent=room(plafond.bedrag_cent, in_use(used)),
        betaald_cent=used["betaald"],
        teruggevorderd_cent=used["teruggevorderd"],
    )


async def list_plafonds(session: AsyncSession, tenant: str, jaar: int | None) -> list[schemas.PlafondRead]:
    query = select(Subsidieplafond).where(Subsidieplafond.tenant == tenant)
    if jaar:
        query = query.where(Subsidieplafond.jaar == jaar)
    plafonds = list(await session.scalars(query.order_by(Subsidieplafond.jaar, Subsidieplafond.ambitie_id)))
    used = await usage(session, [p.id for p in plafonds])
    return [plafond_read(p, used[p.id]) for p in plafonds]


async def _plafond_for_update(
    session: AsyncSession, tenant: str, ambitie_id: uuid.UUID, jaar: int
) -> Subsidieplafond | None:
    query = select(Subsidieplafond).where(
        Subsidieplafond.tenant == tenant, Subsidieplafond.ambitie_id == ambitie_id, Subsidieplafond.jaar == jaar
    )
    return await session.scalar(query.with_for_update())


async def set_plafond(session: AsyncSession, tenant: str, data: schemas.PlafondSet) -> schemas.PlafondRead:
    """Set the ceiling of an ambition and year; it may not drop below what is already committed and reserved."""
    known = await session.scalar(
        select(AmbitieReferentie.ambitie_id).where(
            AmbitieReferentie.tenant == tenant, AmbitieReferentie.ambitie_id == data.ambitie_id
        )
    )
    if known is None:
        raise Unprocessable(
            f"Ambition {data.ambitie_id} is not known in {tenant} (ambitions come from the sporen service).",
            code="ambitie_unknown",
            invalid_params=[InvalidParam(name="ambitieId", code="unknown", reason="no such ambition")],
        )
    plafond = await _plafond_for_update(session, tenant, data.ambitie_id, data.jaar)
    if plafond is None:
        plafond = Subsidieplafond(id=uuid.uuid4(), tenant=tenant, versie=1, **data.model_dump())
        session.add(plafond)
        await session.flush()
        await _announce_plafond(session, plafond)
        return plafond_read(plafond, dict.fromkeys(USAGE, 0))
    used = (await usage(session, [plafond.id]))[plafond.id]
    if data.bedrag_cent < used["vastgelegd"] + used["gereserveerd"]:
        raise Conflict(
            f"The ceiling cannot drop to {data.bedrag_cent} cents: {used['vastgelegd']} committed and "
            f"{used['gereserveerd']} reserved.",
            code="plafond_te_laag",
        )
    if (plafond.bedrag_cent, plafond.sisa_code) != (data.bedrag_cent, data.sisa_code):
        plafond.bedrag_cent, plafond.sisa_code = data.bedrag_cent, data.sisa_code
        plafond.versie += 1
        await session.flush()
        await _announce_plafond(session, plafond)
    return plafond_read(plafond, used)


async def _announce_plafond(session: AsyncSession, plafond: Subsidieplafond) -> None:
    event = events.SubsidieplafondVastgesteld(
        plafondId=plafond.id,
        ambitieId=plafond.ambitie_id,
        jaar=plafond.jaar,
        bedragCent=plafond.bedrag_cent,
        sisaCode=plafond.sisa_code,
        versie=plafond.versie,
    )
    await record_event(session, EVENTS, event, tenant=plafond.tenant, subject=str(plafond.id))


async def reserve(session: AsyncSession, tenant: str, request: AanvraagBedragV1) -> None:
    """Answer a grant proposal: reserve under the ceiling, or refuse. Asked twice, it answers the same way."""
    plafond = await _plafond_for_update(session, tenant, request.ambitieId, request.jaar)
    stand = dict(
        aanvraagId=request.aanvraagId, ambitieId=request.ambitieId, jaar=request.jaar, bedragCent=request.bedragCent
    )
    if plafond is None:
        refusal = events.ReserveringGeweigerd(
            reserveringId=None,
            plafondCent=None,
            beschikbaarCent=None,
            **stand,
            reden=f"There is no subsidy ceiling for this ambition in {request.jaar}.",
            code="geen_plafond",
        )
        await record_event(session, EVENTS, refusal, tenant=tenant, subject=str(request.aanvraagId))
        return
    existing = await session.scalar(
        select(Reservering).where(Reservering.tenant == tenant, Reservering.aanvraag_id == request.aanvraagId)
    )
    used = (await usage(session, [plafond.id]))[plafond.id]
    taken = in_use(used)
    if existing is not None and existing.status in USED and existing.bedrag_cent == request.bedragCent:
        confirm = events.ReserveringBevestigd(  # the same request again: the same answer, nothing new
            reserveringId=existing.id,
            plafondCent=plafond.bedrag_cent,
            beschikbaarCent=room(plafond.bedrag_cent, taken),
            **stand,
        )
        await record_event(session, EVENTS, confirm, tenant=tenant, subject=str(request.aanvraagId))
        return
    if existing is not None and existing.status == "vastgelegd":  # granted: the amount is the decision's
        refusal = events.ReserveringGeweigerd(
            reserveringId=existing.id,
            plafondCent=plafond.bedrag_cent,
            beschikbaarCent=room(plafond.bedrag_cent, taken),
            **(stand | {"bedragCent": existing.bedrag_cent}),
            reden=f"The grant is committed with {existing.bedrag_cent} cents; {request.bedragCent} cannot be reserved "
            "for it again.",
            code="bedrag_vastgelegd",
        )
        await record_event(session, EVENTS, refusal, tenant=tenant, subject=str(request.aanvraagId))
        return
    if existing is not None and existing.status in USED:  # reserved with another amount: judge the new one instead
        taken -= existing.bedrag_cent
    if taken + request.bedragCent > plafond.bedrag_cent:
        refusal = events.ReserveringGeweigerd(
            reserveringId=None,
            plafondCent=plafond.bedrag_cent,
            beschikbaarCent=room(plafond.bedrag_cent, taken),
            **stand,
            reden=f"The ceiling of {plafond.bedrag_cent} cents would be exceeded: {taken} is in use, "
            f"{request.bedragCent} asked.",
            code="plafond_overschreden",
        )
        await record_event(session, EVENTS, refusal, tenant=tenant, subject=str(request.aanvraagId))
        return
    if existing is not None:  # released earlier (or reserved with another amount), proposed again
        existing.status, existing.bedrag_cent, existing.plafond_id = "gereserveerd", request.bedragCent, plafond.id
        reservering = existing
    else:
        reservering = Reservering(
            id=uuid.uuid4(),
            tenant=tenant,
            plafond_id=plafond.id,
            aanvraag_id=request.aanvraagId,
            bedrag_cent=request.bedragCent,
            status="gereserveerd",
            partner=request.partner,
        )
        session.add(reservering)
    await session.flush()
    confirm = events.ReserveringBevestigd(
        reserveringId=reservering.id,
        plafondCent=plafond.bedrag_cent,
        beschikbaarCent=room(plafond.bedrag_cent, taken + request.bedragCent),
        **stand,
    )
    await record_event(session, EVENTS, confirm, tenant=tenant, subject=str(request.aanvraagId))


async def _reservation_for_update(session: AsyncSession, tenant: str, aanvraag_id: uuid.UUID) -> Reservering | None:
    return await session.scalar(
        select(Reservering)
        .where(Reservering.tenant == tenant, Reservering.aanvraag_id == aanvraag_id)
        .with_for_update()
    )


async def _announce_reservation(
    session: AsyncSession, reservering: Reservering, cls: type[events.ReserveringStand], **extra: int
) -> None:
    """Announce a reservation's new state with the room left under its ceiling."""
    plafond = await referenced(session, Subsidieplafond, reservering.plafond_id)
    used = (await usage(session, [plafond.id]))[plafond.id]
    event = cls(
        reserveringId=reservering.id,
        aanvraagId=reservering.aanvraag_id,
        ambitieId=plafond.ambitie_id,
        jaar=plafond.jaar,
        bedragCent=reservering.bedrag_cent,
        plafondCent=plafond.bedrag_cent,
        beschikbaarCent=room(plafond.bedrag_cent, in_use(used)),
        **extra,
    )
    await record_event(session, EVENTS, event, tenant=reservering.tenant, subject=str(reservering.aanvraag_id))


async def settle(session: AsyncSession, tenant: str, aanvraag_id: uuid.UUID, status: str) -> Reservering | None:
    """Commit (`vastgelegd`) or release (`vrijgegeven`) the reservation of an application, announcing it."""
    reservering = await _reservation_for_update(session, tenant, aanvraag_id)
    if reservering is None or reservering.status == status or reservering.status == "vrijgegeven":
        return reservering  # nothing reserved, already done, or already released: nothing changes
    if status == "vastgelegd" and reservering.status != "gereserveerd":
        raise Unprocessable(f"Reservation of {aanvraag_id} is {reservering.status}, not reserved.", code="not_reserved")
    reservering.status = status
    await session.flush()
    cls = events.ReserveringVastgelegd if status == "vastgelegd" else events.ReserveringVrijgegeven
    await _announce_reservation(session, reservering, cls)
    return reservering


async def settle_final(session: AsyncSession, tenant: str, aanvraag_id: uuid.UUID, final_cent: int) -> None:
    """A settlement (*vaststelling*) below the committed amount releases the difference; applied once per grant."""
    reservering = await _reservation_for_update(session, tenant, aanvraag_id)
    if reservering is None or reservering.status != "vastgelegd" or final_cent >= reservering.bedrag_cent:
        return  # nothing committed here, or nothing to release (a settlement never raises a commitment)
    released = reservering.bedrag_cent - final_cent
    reservering.bedrag_cent = final_cent
    await session.flush()
    await _announce_reservation(session, reservering, events.ReserveringBijgesteld, vrijgegevenCent=released)


async def book_payment(
    session: AsyncSession, tenant: str, aanvraag_id: uuid.UUID, betaald: int, reclaimed: int
) -> None:
    """A step of a grant's payment ledger counts under its reservation: paid out (`betaald`, a payout marked paid) or
    reclaimed (`reclaimed`, a reclaim decided; negative when one is cancelled). Applied once per event (inbox)."""
    reservering = await _reservation_for_update(session, tenant, aanvraag_id)
    if reservering is None:
        return  # a grant without a reservation here (e.g. from before the ceilings): nothing to count under
    reservering.betaald_cent += betaald
    reservering.teruggevorderd_cent += reclaimed
    await session.flush()


async def list_reserveringen(session: AsyncSession, tenant: str, plafond_id: uuid.UUID | None) -> list[Reservering]:
    query = select(Reservering).where(Reservering.tenant == tenant)
    if plafond_id:
        query = query.where(Reservering.plafond_id == plafond_id)
    return list(await session.scalars(query.order_by(Reservering.created_at)))
