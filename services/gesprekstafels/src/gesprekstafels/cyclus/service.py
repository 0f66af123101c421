"""The yearly cycle of a municipality: its phases, their planned months, and which transitions are legal.

A phase is `gepland` → `open` → `gesloten`. It opens by command once the phases it needs are closed (the call needs
the January tables' outcomes; the grants need the call and the council's budget), and closes by command — except
`begroting`, which only financien's `begroting.vastgesteld` event closes. Anything else is refused (409) with the
reason, e.g. grants before the budget is adopted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.contracts import gesprekstafels as events
from stuurcyclus_common.contracts.financien import BegrotingVastgesteld as BegrotingEvent
from stuurcyclus_common.deadlines import end_of_day, end_of_month, is_past
from stuurcyclus_common.errors import Conflict, NotFound, Waiting
from stuurcyclus_common.events import record_event
from stuurcyclus_common.pagination import PageParams, paginate

from ..models import EVENTS, BegrotingVastgesteld, Cyclus, Fase
from . import schemas


@dataclass(frozen=True)
class FaseDefinitie:
    code: str
    omschrijving: str
    maanden: tuple[int, int]
    vereist: tuple[str, ...] = ()
    wacht_op_event: str | None = None


FASEN: tuple[FaseDefinitie, ...] = (
    FaseDefinitie("thematafels-januari", "Drie thematafels (één per ambitie): aanscherpen en prioriteren", (1, 1)),
    FaseDefinitie(
        "bestuurlijke-vertaling",
        "Bestuurlijke vertaling, verankerd in het voorstel voor de perspectiefnota (PPN)",
        (2, 3),
        ("thematafels-januari",),
    ),
    FaseDefinitie("verantwoording", "Subsidieverantwoording en tussenrapportage", (4, 4)),
    FaseDefinitie(
        "gezamenlijke-tafel",
        "Eén gezamenlijke gesprekstafel: duiding PPN, uitwisseling plannen en rollen",
        (5, 5),
        ("bestuurlijke-vertaling",),
    ),
    FaseDefinitie("uitvraag", "Subsidie-uitvraag", (6, 6), ("thematafels-januari", "gezamenlijke-tafel")),
    FaseDefinitie(
        "thematafels-oktober",
        "Drie thematafels: trends en ontwikkelingen inventariseren",
        (10, 10),
        ("gezamenlijke-tafel",),
    ),
    FaseDefinitie(
        "begroting",
        "De gemeenteraad stelt de begroting vast",
        (9, 11),
        wacht_op_event=BegrotingEvent.event_name.type,
    ),
    FaseDefinitie("toekenning", "Subsidietoekenning", (11, 11), ("uitvraag", "begroting")),
)
BY_CODE = {f.code: f for f in FASEN}


async def get_cyclus(session: AsyncSession, tenant: str, jaar: int, lock: bool = False) -> Cyclus:
    query = select(Cyclus).where(Cyclus.tenant == tenant, Cyclus.jaar == jaar)
    cyclus = await session.scalar(query.with_for_update() if lock else query)
    if cyclus is None:
        raise NotFound(f"There is no cycle {jaar} in {tenant}.", code="cyclus_onbekend")
    return cyclus


async def list_cycli(session: AsyncSession, tenant: str, params: PageParams) -> tuple[int, list[Cyclus]]:
    return await paginate(session, select(Cyclus).where(Cyclus.tenant == tenant).order_by(Cyclus.jaar), params)


async def fasen(session: AsyncSession, cyclus: Cyclus) -> dict[str, Fase]:
    rows = await session.scalars(select(Fase).where(Fase.cyclus_id == cyclus.id).order_by(Fase.volgorde))
    return {f.code: f for f in rows}


async def create(session: AsyncSession, tenant: str, data: schemas.CyclusCreate) -> Cyclus:
    if await session.scalar(select(Cyclus.id).where(Cyclus.tenant == tenant, Cyclus.jaar == data.jaar)):
        raise Conflict(f"The cycle {data.jaar} of {tenant} exists already.", code="bestaat_al")
    cyclus = Cyclus(tenant=tenant, jaar=data.jaar, subsidiejaar=data.subsidiejaar or data.jaar + 1)
    session.add(cyclus)
    await session.flush()
    for volgorde, definitie in enumerate(FASEN, start=1):
        first, last = definitie.maanden
        session.add(
            Fase(
                cyclus_id=cyclus.id,
                code=definitie.code,
                volgorde=volgorde,
                status="gepland",
                gepland_van=date(data.jaar, first, 1),
                gepland_tot=end_of_month(data.jaar, last),
            )
        )
    await session.flush()
    adopted = await session.get(BegrotingVastgesteld, (tenant, cyclus.subsidiejaar))
    if adopted is not None:  # the council was quicker than the cycle's creation
        await close_on_budget(session, tenant, cyclus.subsidiejaar, adopted.vastgesteld_op)
    return cyclus


def _blocking(definitie: FaseDefinitie, phases: dict[str, Fase]) -> list[str]:
    return [code for code in definitie.vereist if phases[code].status != "gesloten"]


async def open_fase(session: AsyncSession, tenant: str, jaar: int, *, code: str, reden: str | None) -> Cyclus:
    cyclus = await get_cyclus(session, tenant, jaar, lock=True)
    phases = await fasen(session, cyclus)
    fase, definitie = phases[code], BY_CODE[code]
    if fase.status != "gepland":
        raise Conflict(f"Phase {code} of {jaar} is {fase.status} already.", code="fase_niet_gepland")
    blocking = _blocking(definitie, phases)
    if blocking:
        waits = [f"{b} (waits for {BY_CODE[b].wacht_op_event})" if BY_CODE[b].wacht_op_event else b for b in blocking]
        reason = "the council has not adopted the budget yet; " if "begroting" in blocking else ""
        detail = f"Phase {code} of {jaar} cannot open: {reason}first close {', '.join(waits)}."
        events_awaited = [BY_CODE[b].wacht_op_event for b in blocking]
        if all(events_awaited):  # only an event closes what blocks it: it may be on its way (the budget just adopted)
            raise Waiting(
                detail, code="fase_vereist", wacht_op=", ".join(e for e in events_awaited if e), retry_after=5
            )
        raise Conflict(detail, code="fase_vereist")
    await _set(session, cyclus, fase, status="open", reden=reden)
    return cyclus


async def close_fase(session: AsyncSession, tenant: str, jaar: int, *, code: str, reden: str | None) -> Cyclus:
    cyclus = await get_cyclus(session, tenant, jaar, lock=True)
    fase, definitie = (await fasen(session, cyclus))[code], BY_CODE[code]
    if definitie.wacht_op_event:
        raise Conflict(
            f"Phase {code} closes only when {definitie.wacht_op_event} arrives (the council adopts the budget "
            f"{cyclus.subsidiejaar} in financien).",
            code="fase_wacht_op_event",
        )
    if fase.status != "open":
        raise Conflict(f"Phase {code} of {jaar} is {fase.status}, not open.", code="fase_niet_open")
    await _set(session, cyclus, fase, status="gesloten", reden=reden)
    return cyclus


async def _set(session: AsyncSession, cyclus: Cyclus, fase: Fase, *, status: str, reden: str | None) -> None:
    now = datetime.now(UTC)
    if status == "open":
        fase.geopend_op = now
    else:
        fase.gesloten_op, fase.reden = now, reden
        fase.geopend_op = fase.geopend_op or now
    fase.status = status
    await session.flush()
    cls = events.FaseGeopend if status == "open" else events.FaseGesloten
    event = cls(cyclusId=cyclus.id, jaar=cyclus.jaar, fase=fase.code, reden=reden)
    await record_event(session, EVENTS, event, tenant=cyclus.tenant, subject=str(cyclus.id))


async def close_on_budget(session: AsyncSession, tenant: str, subsidiejaar: int, op: date) -> None:
    """The council adopted the budget of `subsidiejaar`: the `begroting` phase of the cycle granting for it closes."""
    cyclus = await session.scalar(
        select(Cyclus).where(Cyclus.tenant == tenant, Cyclus.subsidiejaar == subsidiejaar).with_for_update()
    )
    if cyclus is None:
        return  # remembered in begroting_vastgesteld; a cycle created later closes it then
    fase = (await fasen(session, cyclus))["begroting"]
    if fase.status != "gesloten":
        await _set(
            session,
            cyclus,
            fase,
            status="gesloten",
            reden=f"Begroting {subsidiejaar} vastgesteld door de raad op {op}.",
        )


async def require_open(session: AsyncSession, cyclus: Cyclus, code: str, action: str) -> None:
    fase = (await fasen(session, cyclus))[code]
    if fase.status != "open":
        extra = (
            " (the council has not adopted the budget yet)" if code == "toekenning" and fase.status == "gepland" else ""
        )
        raise Conflict(
            f"Cannot {action}: phase {code} of {cyclus.jaar} is {fase.status}, not open{extra}.", code="fase_niet_open"
        )


async def read(session: AsyncSession, cyclus: Cyclus) -> schemas.CyclusRead:
    phases = await fasen(session, cyclus)
    adopted = await session.get(BegrotingVastgesteld, (cyclus.tenant, cyclus.subsidiejaar))
    return compose(
        {"id": cyclus.id, "tenant": cyclus.tenant, "jaar": cyclus.jaar, "subsidiejaar": cyclus.subsidiejaar},
        adopted.vastgesteld_op if adopted else None,
        [fase_read(f) for f in phases.values()],
    )


def compose(
    cyclus: Mapping[str, Any], begroting_vastgesteld_op: date | None, phases: list[schemas.FaseRead]
) -> schemas.CyclusRead:
    """A cycle as answered, from its columns (`id`, `tenant`, `jaar`, `subsidiejaar`), the day its subsidy year's
    budget was adopted and its phases in order (the ORM's `read`, and the prepared `reads.cyclus_read`)."""
    return schemas.CyclusRead(
        id=cyclus["id"],
        gemeente=cyclus["tenant"],
        jaar=cyclus["jaar"],
        subsidiejaar=cyclus["subsidiejaar"],
        huidige_fasen=[f.code for f in phases if f.status == "open"],
        begroting_vastgesteld_op=begroting_vastgesteld_op,
        fasen=phases,
    )


def fase_read(fase: Fase | Mapping[str, Any]) -> schemas.FaseRead:
    """A phase as answered: from its ORM row, or from the columns of a prepared read (`reads.CYCLUS`)."""
    f = fase if isinstance(fase, Mapping) else {c: getattr(fase, c) for c in _FASE_COLUMNS}
    definitie = BY_CODE[f["code"]]
    return schemas.FaseRead(
        code=f["code"],
        omschrijving=definitie.omschrijving,
        volgorde=f["volgorde"],
        status=f["status"],
        gepland_van=f["gepland_van"],
        gepland_tot=f["gepland_tot"],
        te_laat=f["status"] != "gesloten" and is_past(f["gepland_tot"]),
        vereist=list(definitie.vereist),
        wacht_op_event=definitie.wacht_op_event,
        geopend_op=f["geopend_op"],
        gesloten_op=f["gesloten_op"],
        reden=f["reden"],
    )


_FASE_COLUMNS = ("code", "volgorde", "status", "gepland_van", "gepland_tot", "geopend_op", "gesloten_op", "reden")


def deadline_of(fase: Fase) -> datetime:
    return end_of_day(fase.gepland_tot)
