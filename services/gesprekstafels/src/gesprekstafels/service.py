"""Rules of the gesprekstafels service: tables and outcomes, the call, applications and their decisions, reports.

Functions only flush; the request's (or event's) transaction commits once. Every status change of an application
goes through `_transition` (legal moves only, logged in `statuswijziging`); every decision is a `Besluit` row and a
`besluit.genomen` event for the subsidy administration. A partner sees and changes only its own applications and
reports: `Caller.require_own` guards every one of them here, in the service.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.contracts import gesprekstafels as events
from stuurcyclus_common.db import starts_with
from stuurcyclus_common.deadlines import end_of_day, is_past, today
from stuurcyclus_common.errors import Conflict, InvalidParam, NotFound, Unprocessable
from stuurcyclus_common.events import EventData, record_event
from stuurcyclus_common.identity import Caller
from stuurcyclus_common.logs import get_logger
from stuurcyclus_common.pagination import PageParams, paginate
from stuurcyclus_common.versioning import check_version, get_or_raise

from . import cyclus as cycle
from . import schemas
from .models import (
    EVENTS,
    Aanvraag,
    AmbitieReferentie,
    Besluit,
    Cyclus,
    IndicatorReferentie,
    PlafondReferentie,
    Statuswijziging,
    Tafel,
    Uitkomst,
    Uitvraag,
    Verantwoording,
)

TRANSITIONS: dict[str, set[str]] = {
    "concept": {"ingediend", "ingetrokken"},
    "ingediend": {"in-behandeling", "afgewezen", "ingetrokken"},
    "in-behandeling": {"voorgesteld", "afgewezen", "ingetrokken"},
    "voorgesteld": {"toegekend", "afgewezen", "ingetrokken"},
    "toegekend": {"vastgesteld"},
}
OPEN_STATUSES = ("ingediend", "in-behandeling")
HOLDS_MONEY = ("voorgesteld", "toegekend", "vastgesteld")


def _unprocessable(name: str, reason: str, code: str) -> Unprocessable:
    return Unprocessable(
        f"{name}: {reason}", code=code, invalid_params=[InvalidParam(name=name, code=code, reason=reason)]
    )


def _row(thing: Any, **extra: Any) -> dict[str, Any]:
    """A row's columns (plus what its read shape adds), for a response model."""
    return {column.key: getattr(thing, column.key) for column in thing.__table__.columns} | extra


log = get_logger(__name__)


async def _emit(session: AsyncSession, tenant: str, data: EventData, subject: uuid.UUID) -> None:
    await record_event(session, EVENTS, data, tenant=tenant, subject=str(subject))


async def known_ambitie(session: AsyncSession, tenant: str, ambitie_id: uuid.UUID, name: str = "ambitieId") -> None:
    found = await session.scalar(
        select(AmbitieReferentie.ambitie_id).where(
            AmbitieReferentie.tenant == tenant, AmbitieReferentie.ambitie_id == ambitie_id
        )
    )
    if found is None:
        raise _unprocessable(
            name, f"ambition {ambitie_id} is not known in {tenant} (ambitions come from sporen)", "unknown"
        )


# --- tables and outcomes --------------------------------------------------------------------------------------------


async def create_tafel(session: AsyncSession, tenant: str, data: schemas.TafelCreate) -> Tafel:
    cyclus = await cycle.get_cyclus(session, tenant, data.jaar)
    if data.fase == "gezamenlijke-tafel":
        if data.ambitie_id is not None:
            raise _unprocessable("ambitieId", "the joint table is about all ambitions: leave it out", "not_allowed")
        soort = "gezamenlijk"
    else:
        if data.ambitie_id is None:
            raise _unprocessable("ambitieId", "a theme table is about one ambition", "required")
        await known_ambitie(session, tenant, data.ambitie_id)
        soort = "thema"
    fase = (await cycle.fasen(session, cyclus))[data.fase]
    if fase.status == "gesloten":
        raise Conflict(f"Phase {data.fase} of {data.jaar} is closed: no new tables.", code="fase_gesloten")
    tafel = Tafel(
        tenant=tenant, cyclus_id=cyclus.id, soort=soort, versie=1, **data.model_dump(mode="json", exclude={"jaar"})
    )
    tafel.datum, tafel.ambitie_id = data.datum, data.ambitie_id
    session.add(tafel)
    await session.flush()
    return tafel


async def update_tafel(
    session: AsyncSession, tenant: str, tafel_id: uuid.UUID, data: schemas.TafelUpdate, if_match: int | None
) -> Tafel:
    tafel = await get_or_raise(session, Tafel, tenant, tafel_id, lock=True)
    check_version(tafel, if_match if if_match is not None else data.versie)
    changes = data.model_dump(mode="json", exclude_unset=True, exclude={"versie"})
    for key, value in changes.items():
        setattr(tafel, key, data.datum if key == "datum" else value)
    tafel.versie += 1
    await session.flush()
    return tafel


async def add_uitkomst(
    session: AsyncSession, tenant: str, tafel_id: uuid.UUID, data: schemas.UitkomstCreate
) -> Uitkomst:
    tafel = await get_or_raise(session, Tafel, tenant, tafel_id, lock=True)
    cyclus = await session.get(Cyclus, tafel.cyclus_id)
    await cycle.require_open(session, cyclus, tafel.fase, "record an outcome of this table")
    if data.rang is not None and await session.scalar(
        select(Uitkomst.id).where(
            Uitkomst.tafel_id == tafel.id, Uitkomst.soort == data.soort, Uitkomst.rang == data.rang
        )
    ):
        raise Conflict(f"This table already has a priority ranked {data.rang}.", code="rang_bezet")
    uitkomst = Uitkomst(tenant=tenant, tafel_id=tafel.id, **data.model_dump())
    session.add(uitkomst)
    await session.flush()
    return uitkomst


def _ordered_outcomes(query: Select) -> Select:
    return query.order_by(Uitkomst.soort, Uitkomst.rang.nulls_last(), Uitkomst.vastgelegd_op, Uitkomst.id)


async def list_tafels(
    session: AsyncSession, tenant: str, params: PageParams, jaar: int | None, fase: str | None
) -> tuple[int, list[Tafel]]:
    query = select(Tafel).where(Tafel.tenant == tenant)
    if jaar is not None:
        query = query.join(Cyclus, Cyclus.id == Tafel.cyclus_id).where(Cyclus.jaar == jaar)
    if fase is not None:
        query = query.where(Tafel.fase == fase)
    return await paginate(session, query.order_by(Tafel.datum, Tafel.id), params)


async def tafel_read(session: AsyncSession, tafel: Tafel, full: bool = True) -> schemas.TafelRead:
    cyclus = await session.get(Cyclus, tafel.cyclus_id)
    read = schemas.TafelRead.model_validate(_row(tafel, jaar=cyclus.jaar))
    if not full:
        return read
    own = await session.scalars(_ordered_outcomes(select(Uitkomst).where(Uitkomst.tafel_id == tafel.id)))
    inbreng: list[Uitkomst] = []
    if tafel.fase == "thematafels-januari":  # last October's tables of this ambition feed January's
        inbreng = list(
            await session.scalars(
                _ordered_outcomes(
                    select(Uitkomst)
                    .join(Tafel, Tafel.id == Uitkomst.tafel_id)
                    .join(Cyclus, Cyclus.id == Tafel.cyclus_id)
                    .where(
                        Tafel.tenant == tafel.tenant,
                        Cyclus.jaar == cyclus.jaar - 1,
                        Tafel.fase == "thematafels-oktober",
                        Tafel.ambitie_id == tafel.ambitie_id,
                    )
                )
            )
        )
    return read.model_copy(
        update={
            "uitkomsten": [schemas.UitkomstRead.model_validate(u) for u in own],
            "inbreng": [schemas.UitkomstRead.model_validate(u) for u in inbreng],
        }
    )


# --- the call (uitvraag) --------------------------------------------------------------------------------------------


async def _check_indicators(session: AsyncSession, tenant: str, codes: list[str], name: str) -> None:
    known = set(
        await session.scalars(
            select(IndicatorReferentie.code).where(
                IndicatorReferentie.tenant == tenant, IndicatorReferentie.code.in_(codes)
            )
        )
    )
    for index, code in enumerate(codes):
        if code not in known:
            raise _unprocessable(f"{name}[{index}]", f"indicator {code!r} is not known in indicatoren", "unknown")
    if len(set(codes)) != len(codes):
        raise _unprocessable(name, "an indicator is named twice", "duplicate")


async def current_plafond(session: AsyncSession, tenant: str, ambitie_id: uuid.UUID, jaar: int) -> int | None:
    return await session.scalar(
        select(PlafondReferentie.bedrag_cent).where(
            PlafondReferentie.tenant == tenant,
            PlafondReferentie.ambitie_id == ambitie_id,
            PlafondReferentie.jaar == jaar,
        )
    )


async def create_uitvraag(session: AsyncSession, tenant: str, data: schemas.UitvraagCreate) -> Uitvraag:
    cyclus = await cycle.get_cyclus(session, tenant, data.jaar)
    await known_ambitie(session, tenant, data.ambitie_id)
    january = (await cycle.fasen(session, cyclus))["thematafels-januari"]
    if january.status != "gesloten":
        raise Conflict(
            "The call is built from the January tables' prioritised tasks: "
            f"close thematafels-januari {data.jaar} first.",
            code="fase_vereist",
        )
    if await session.scalar(
        select(Uitvraag.id).where(
            Uitvraag.tenant == tenant, Uitvraag.cyclus_id == cyclus.id, Uitvraag.ambitie_id == data.ambitie_id
        )
    ):
        raise Conflict(f"This ambition already has a call in {data.jaar}.", code="already_exists")
    if is_past(data.deadline):
        raise _unprocessable("deadline", f"{data.deadline} has passed", "in_past")
    await _check_indicators(session, tenant, data.indicatoren, "indicatoren")
    codes = [d.code for d in data.deelplafonds]
    if len(set(codes)) != len(codes):
        raise _unprocessable("deelplafonds", "a sub-ceiling code is used twice", "duplicate")
    tasks = await session.scalars(
        _ordered_outcomes(
            select(Uitkomst)
            .join(Tafel, Tafel.id == Uitkomst.tafel_id)
            .where(
                Tafel.cyclus_id == cyclus.id,
                Tafel.fase == "thematafels-januari",
                Tafel.ambitie_id == data.ambitie_id,
                Uitkomst.soort.in_(["prioriteit", "opgave"]),
            )
        )
        .order_by(None)
        .order_by(Uitkomst.soort.desc(), Uitkomst.rang.nulls_last(), Uitkomst.vastgelegd_op)
    )
    opgaven = [{"uitkomstId": str(u.id), "soort": u.soort, "tekst": u.tekst, "rang": u.rang} for u in tasks]
    uitvraag = Uitvraag(
        tenant=tenant,
        cyclus_id=cyclus.id,
        status="concept",
        opgaven=opgaven,
        versie=1,
        deelplafonds=[d.model_dump(mode="json", by_alias=True) for d in data.deelplafonds],
        **data.model_dump(mode="json", exclude={"jaar", "deadline", "ambitie_id", "deelplafonds"}),
    )
    uitvraag.deadline, uitvraag.ambitie_id = data.deadline, data.ambitie_id
    session.add(uitvraag)
    await session.flush()
    return uitvraag


async def publish_uitvraag(session: AsyncSession, tenant: str, uitvraag_id: uuid.UUID) -> Uitvraag:
    uitvraag = await get_or_raise(session, Uitvraag, tenant, uitvraag_id, lock=True)
    cyclus = await session.get(Cyclus, uitvraag.cyclus_id)
    if uitvraag.status != "concept":
        raise Conflict(f"The call is {uitvraag.status} already.", code="uitvraag_niet_concept")
    await cycle.require_open(session, cyclus, "uitvraag", "publish a call")
    if is_past(uitvraag.deadline):
        raise _unprocessable("deadline", f"{uitvraag.deadline} has passed", "in_past")
    plafond = await current_plafond(session, tenant, uitvraag.ambitie_id, cyclus.subsidiejaar)
    if plafond is None:
        raise Unprocessable(
            f"financien has no subsidy ceiling for this ambition in {cyclus.subsidiejaar}: set it there first.",
            code="geen_plafond",
        )
    parts = sum(d["bedragCent"] for d in uitvraag.deelplafonds)
    if parts > plafond:
        raise _unprocessable(
            "deelplafonds", f"they add up to {parts} cents, above the ceiling of {plafond}", "too_large"
        )
    uitvraag.status, uitvraag.plafond_cent = "gepubliceerd", plafond
    uitvraag.gepubliceerd_op = datetime.now(UTC)
    uitvraag.versie += 1
    await session.flush()
    event = events.UitvraagGepubliceerd(
        uitvraagId=uitvraag.id,
        jaar=cyclus.jaar,
        subsidiejaar=cyclus.subsidiejaar,
        ambitieId=uitvraag.ambitie_id,
        plafondCent=plafond,
        deadline=end_of_day(uitvraag.deadline).isoformat(),
    )
    await _emit(session, tenant, event, uitvraag.id)
    return uitvraag


async def close_calls(session: AsyncSession, cyclus: Cyclus) -> None:
    """Closing the call phase closes its published calls: no application is submitted after it."""
    for uitvraag in await session.scalars(
        select(Uitvraag).where(Uitvraag.cyclus_id == cyclus.id, Uitvraag.status == "gepubliceerd")
    ):
        uitvraag.status = "gesloten"
        uitvraag.versie += 1
    await session.flush()


async def uitvraag_read(session: AsyncSession, uitvraag: Uitvraag) -> schemas.UitvraagRead:
    cyclus = await session.get(Cyclus, uitvraag.cyclus_id)
    plafond = uitvraag.plafond_cent
    if plafond is None:
        plafond = await current_plafond(session, uitvraag.tenant, uitvraag.ambitie_id, cyclus.subsidiejaar)
    return schemas.UitvraagRead.model_validate(
        _row(
            uitvraag,
            jaar=cyclus.jaar,
            subsidiejaar=cyclus.subsidiejaar,
            deadline_moment=end_of_day(uitvraag.deadline),
            plafond_cent=plafond,
        )
    )


async def list_uitvragen(session: AsyncSession, tenant: str, params: PageParams, jaar: int | None) -> tuple[int, list]:
    query = select(Uitvraag).where(Uitvraag.tenant == tenant)
    if jaar is not None:
        query = query.join(Cyclus, Cyclus.id == Uitvraag.cyclus_id).where(Cyclus.jaar == jaar)
    return await paginate(session, query.order_by(Uitvraag.created_at, Uitvraag.id), params)


def _closed_reason(uitvraag: Uitvraag) -> str | None:
    if uitvraag.status == "concept":
        return "the call is not published yet"
    if uitvraag.status == "gesloten":
        return "the call is closed"
    if is_past(uitvraag.deadline):
        return f"the deadline ({end_of_day(uitvraag.deadline).isoformat()}) has passed"
    return None


# --- applications ---------------------------------------------------------------------------------------------------


def _check_against_call(uitvraag: Uitvraag, deelplafond: str | None, indicatoren: list[str]) -> None:
    codes = [d["code"] for d in uitvraag.deelplafonds]
    if codes and deelplafond not in codes:
        raise _unprocessable("deelplafond", f"the call divides its ceiling: choose one of {codes}", "required")
    if not codes and deelplafond is not None:
        raise _unprocessable("deelplafond", "the call has no sub-ceilings", "not_allowed")
    for index, code in enumerate(indicatoren):
        if code not in uitvraag.indicatoren:
            raise _unprocessable(f"indicatoren[{index}]", f"{code!r} is not an indicator of the call", "not_in_call")


async def create_aanvraag(session: AsyncSession, tenant: str, caller: Caller, data: schemas.AanvraagCreate) -> Aanvraag:
    uitvraag = await session.scalar(select(Uitvraag).where(Uitvraag.tenant == tenant, Uitvraag.id == data.uitvraag_id))
    if uitvraag is None:
        raise _unprocessable("uitvraagId", f"there is no call {data.uitvraag_id} in {tenant}", "unknown")
    if caller.is_partner:
        caller.require_own(data.partner or caller.organisatie, "application")  # type: ignore[arg-type]
        partner = caller.organisatie
    elif data.partner is None:
        raise _unprocessable("partner", "the municipality applies on behalf of a named organisation", "required")
    else:
        partner = data.partner
    reason = _closed_reason(uitvraag)
    if reason:
        raise Conflict(
            f"No application to this call: {reason}.", code="te_laat" if "deadline" in reason else "uitvraag_dicht"
        )
    _check_against_call(uitvraag, data.deelplafond, data.indicatoren)
    aanvraag = Aanvraag(
        tenant=tenant,
        uitvraag_id=uitvraag.id,
        partner=partner,
        titel=data.titel,
        activiteiten=[a.model_dump(mode="json", by_alias=True) for a in data.activiteiten],
        bedrag_cent=data.bedrag_cent,
        deelplafond=data.deelplafond,
        indicatoren=data.indicatoren,
        status="concept",
        versie=1,
    )
    session.add(aanvraag)
    await session.flush()
    await _log(session, aanvraag, None, "concept", _who(caller), None)
    return aanvraag


def _who(caller: Caller) -> str:
    return caller.organisatie if caller.is_partner else "gemeente"  # type: ignore[return-value]


async def get_aanvraag(
    session: AsyncSession, tenant: str, caller: Caller, aanvraag_id: uuid.UUID, lock: bool = False
) -> Aanvraag:
    aanvraag = await get_or_raise(session, Aanvraag, tenant, aanvraag_id, lock=lock)
    caller.require_own(aanvraag.partner, "application")
    return aanvraag


async def update_aanvraag(
    session: AsyncSession,
    tenant: str,
    caller: Caller,
    aanvraag_id: uuid.UUID,
    data: schemas.AanvraagUpdate,
    if_match: int | None,
) -> Aanvraag:
    aanvraag = await get_aanvraag(session, tenant, caller, aanvraag_id, lock=True)
    check_version(aanvraag, if_match if if_match is not None else data.versie)
    if aanvraag.status != "concept":
        raise Conflict(f"Only a draft changes; this application is {aanvraag.status}.", code="niet_concept")
    uitvraag = await session.get(Uitvraag, aanvraag.uitvraag_id)
    changes = data.model_dump(mode="json", by_alias=False, exclude_unset=True, exclude={"versie"})
    if "activiteiten" in changes:
        changes["activiteiten"] = [a.model_dump(mode="json", by_alias=True) for a in data.activiteiten or []]
    _check_against_call(
        uitvraag, changes.get("deelplafond", aanvraag.deelplafond), changes.get("indicatoren", aanvraag.indicatoren)
    )
    for key, value in changes.items():
        setattr(aanvraag, key, value)
    aanvraag.versie += 1
    await session.flush()
    return aanvraag


async def _log(
    session: AsyncSession, aanvraag: Aanvraag, van: str | None, naar: str, door: str, reden: str | None
) -> None:
    session.add(
        Statuswijziging(tenant=aanvraag.tenant, aanvraag_id=aanvraag.id, van=van, naar=naar, door=door, reden=reden)
    )
    await session.flush()


async def _transition(
    session: AsyncSession, aanvraag: Aanvraag, naar: str, door: str, reden: str | None = None
) -> None:
    allowed = TRANSITIONS.get(aanvraag.status, set())
    if naar not in allowed:
        raise Conflict(
            f"The application is {aanvraag.status}; it cannot become {naar}"
            f" (from {aanvraag.status} only: {', '.join(sorted(allowed)) or 'nothing'}).",
            code="ongeldige_overgang",
        )
    van = aanvraag.status
    aanvraag.status = naar
    aanvraag.versie += 1
    if naar in ("afgewezen", "ingetrokken"):
        aanvraag.reden = reden
    await _log(session, aanvraag, van, naar, door, reden)


async def submit(session: AsyncSession, tenant: str, caller: Caller, aanvraag_id: uuid.UUID) -> Aanvraag:
    aanvraag = await get_aanvraag(session, tenant, caller, aanvraag_id, lock=True)
    uitvraag = await session.get(Uitvraag, aanvraag.uitvraag_id)
    reason = _closed_reason(uitvraag)
    if reason:
        raise Conflict(f"Too late to submit: {reason}.", code="te_laat")
    await _transition(session, aanvraag, "ingediend", _who(caller))
    aanvraag.ingediend_op = datetime.now(UTC)
    await session.flush()
    event = events.AanvraagIngediend(
        aanvraagId=aanvraag.id, uitvraagId=uitvraag.id, partner=aanvraag.partner, bedragCent=aanvraag.bedrag_cent
    )
    await _emit(session, tenant, event, aanvraag.id)
    return aanvraag


async def start_review(
    session: AsyncSession, tenant: str, caller: Caller, aanvraag_id: uuid.UUID, data: schemas.Behandeling
) -> Aanvraag:
    caller.require_gemeente("review an application")
    aanvraag = await get_aanvraag(session, tenant, caller, aanvraag_id, lock=True)
    await _transition(session, aanvraag, "in-behandeling", "gemeente")
    aanvraag.score = data.score
    await session.flush()
    return aanvraag


async def propose(session: AsyncSession, tenant: str, caller: Caller, aanvraag_id: uuid.UUID) -> Aanvraag:
    """Propose a grant: in the call's order (first come, first served unless it ranks), within its sub-ceiling; then
    financien is asked to reserve the amount under the ambition's ceiling (the answer arrives by event)."""
    caller.require_gemeente("propose a grant")
    aanvraag = await get_aanvraag(session, tenant, caller, aanvraag_id)
    # One proposal per call at a time: the call's row is the lock that keeps the order and the sub-ceilings exact.
    uitvraag = await get_or_raise(session, Uitvraag, tenant, aanvraag.uitvraag_id, lock=True)
    aanvraag = await get_aanvraag(session, tenant, caller, aanvraag_id, lock=True)
    if aanvraag.status != "in-behandeling":
        await _transition(session, aanvraag, "voorgesteld", "gemeente")  # raises the reason
    same_pot = [Aanvraag.uitvraag_id == uitvraag.id, Aanvraag.id != aanvraag.id]
    if aanvraag.deelplafond is not None:
        same_pot.append(Aanvraag.deelplafond == aanvraag.deelplafond)
    if uitvraag.beoordeling == "rangschikking":
        if _closed_reason(uitvraag) is None:
            raise Conflict("This call ranks its applications: propose only after it closed.", code="uitvraag_open")
        if aanvraag.score is None:
            raise Conflict("This call ranks its applications: give it a score when reviewing.", code="score_ontbreekt")
        ahead = (Aanvraag.score.is_(None)) | (Aanvraag.score > aanvraag.score)
    else:
        ahead = Aanvraag.ingediend_op < aanvraag.ingediend_op
    pending = await session.scalar(
        select(Aanvraag.id).where(
            Aanvraag.uitvraag_id == uitvraag.id, Aanvraag.status == "voorgesteld", Aanvraag.reservering == "gevraagd"
        )
    )
    if pending is not None:  # financien answers one at a time, in order: the next waits for the previous answer
        raise Conflict(
            f"financien has not answered the proposal of application {pending} yet; propose the next one after it.",
            code="reservering_in_behandeling",
        )
    earlier = list(
        await session.scalars(select(Aanvraag.id).where(*same_pot, Aanvraag.status.in_(OPEN_STATUSES), ahead))
    )
    if earlier:
        order = "ranked higher" if uitvraag.beoordeling == "rangschikking" else "submitted earlier"
        raise Conflict(
            f"{len(earlier)} application(s) {order} must be decided first: {', '.join(map(str, earlier[:5]))}.",
            code="eerdere_aanvraag_eerst",
        )
    if aanvraag.deelplafond is not None:
        limit = next(d["bedragCent"] for d in uitvraag.deelplafonds if d["code"] == aanvraag.deelplafond)
        in_use = await session.scalar(
            select(func.coalesce(func.sum(Aanvraag.bedrag_cent), 0)).where(
                *same_pot,
                Aanvraag.status.in_(HOLDS_MONEY),
                func.coalesce(Aanvraag.reservering, "") != "geweigerd",
            )
        )
        if in_use + aanvraag.bedrag_cent > limit:
            reason = (
                f"Het deelplafond {aanvraag.deelplafond} ({limit} cent) zou worden overschreden: {in_use} cent is al "
                f"voorgesteld of toegekend, {aanvraag.bedrag_cent} gevraagd."
            )
            await reject(session, aanvraag, reason, door="gemeente", code="deelplafond_overschreden")
            return aanvraag
    await _transition(session, aanvraag, "voorgesteld", "gemeente")
    aanvraag.reservering = "gevraagd"
    await session.flush()
    cyclus = await session.get(Cyclus, uitvraag.cyclus_id)
    request = events.ToekenningVoorgesteld(
        aanvraagId=aanvraag.id,
        ambitieId=uitvraag.ambitie_id,
        jaar=cyclus.subsidiejaar,
        bedragCent=aanvraag.bedrag_cent,
        partner=aanvraag.partner,
    )
    await _emit(session, tenant, request, aanvraag.id)
    return aanvraag


# --- decisions ------------------------------------------------------------------------------------------------------


async def _next_identificatie(session: AsyncSession, tenant: str, jaar: int) -> str:
    """`GM0193-2027-00001`: numbered per municipality and year, without gaps or doubles (serialised by a lock)."""
    await session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"besluit:{tenant}:{jaar}"})
    prefix = f"{tenant}-{jaar}-"
    count = await session.scalar(
        select(func.count())
        .select_from(Besluit)
        .where(Besluit.tenant == tenant, starts_with(Besluit.identificatie, prefix))
    )
    return f"{prefix}{count + 1:05d}"


async def _decide(session: AsyncSession, aanvraag: Aanvraag, soort: str, **fields: Any) -> Besluit:
    uitvraag = await session.get(Uitvraag, aanvraag.uitvraag_id)
    vandaag = today()
    besluit = Besluit(
        tenant=aanvraag.tenant,
        identificatie=await _next_identificatie(session, aanvraag.tenant, vandaag.year),
        aanvraag_id=aanvraag.id,
        soort=soort,
        datum=vandaag,
        ingangsdatum=fields.pop("ingangsdatum", None) or vandaag,
        **fields,
    )
    session.add(besluit)
    await session.flush()
    event = events.BesluitGenomen(
        besluitId=besluit.id,
        identificatie=besluit.identificatie,
        soort=soort,
        aanvraagId=aanvraag.id,
        partner=aanvraag.partner,
        ambitieId=uitvraag.ambitie_id,
        datum=besluit.datum.isoformat(),
        ingangsdatum=besluit.ingangsdatum.isoformat(),
        vervaldatum=besluit.vervaldatum.isoformat() if besluit.vervaldatum else None,
        vervalreden=besluit.vervalreden,
        toelichting=besluit.toelichting,
        bedragCent=besluit.bedrag_cent,
        periode=besluit.periode,
        voorwaarden=besluit.voorwaarden or [],
        prestaties=besluit.prestaties or [],
    )
    await _emit(session, aanvraag.tenant, event, aanvraag.id)
    return besluit


async def reject(
    session: AsyncSession, aanvraag: Aanvraag, reason: str, *, door: str, code: str | None = None
) -> Besluit:
    """Reject with a reason: a decision (*afwijzing*), and any reservation at financien is released."""
    await _transition(session, aanvraag, "afgewezen", door, reason)
    if door == "financien":
        aanvraag.reservering = "geweigerd"
    await session.flush()
    besluit = await _decide(session, aanvraag, "afwijzing", toelichting=reason, voorwaarden=[], prestaties=[])
    await _emit(
        session,
        aanvraag.tenant,
        events.AanvraagAfgewezen(aanvraagId=aanvraag.id, partner=aanvraag.partner, reden=code or reason),
        aanvraag.id,
    )
    return besluit


async def reject_by_municipality(
    session: AsyncSession, tenant: str, caller: Caller, aanvraag_id: uuid.UUID, data: schemas.AfwijzingCreate
) -> Besluit:
    caller.require_gemeente("reject an application")
    aanvraag = await get_aanvraag(session, tenant, caller, aanvraag_id, lock=True)
    return await reject(session, aanvraag, data.toelichting, door="gemeente")


async def grant(
    session: AsyncSession, tenant: str, caller: Caller, aanvraag_id: uuid.UUID, data: schemas.ToekenningCreate
) -> Besluit:
    """The November decision: only for a proposal whose reservation financien confirmed, in the open grant phase."""
    caller.require_gemeente("grant a subsidy")
    aanvraag = await get_aanvraag(session, tenant, caller, aanvraag_id, lock=True)
    uitvraag = await session.get(Uitvraag, aanvraag.uitvraag_id)
    cyclus = await session.get(Cyclus, uitvraag.cyclus_id)
    if aanvraag.status == "voorgesteld" and aanvraag.reservering != "bevestigd":
        raise Conflict(
            "financien has not confirmed the reservation under the ceiling yet: a grant waits for it.",
            code="reservering_niet_bevestigd",
        )
    if aanvraag.status == "voorgesteld":
        await cycle.require_open(session, cyclus, "toekenning", "grant a subsidy")
    jaar = cyclus.subsidiejaar
    ingangsdatum, vervaldatum = data.ingangsdatum or date(jaar, 1, 1), data.vervaldatum or date(jaar, 12, 31)
    if vervaldatum < ingangsdatum:
        raise _unprocessable("vervaldatum", "lies before the ingangsdatum", "before_start")
    await _transition(session, aanvraag, "toegekend", "gemeente")
    besluit = await _decide(
        session,
        aanvraag,
        "toekenning",
        ingangsdatum=ingangsdatum,
        vervaldatum=vervaldatum,
        vervalreden="tijdelijk",
        toelichting=data.toelichting,
        bedrag_cent=aanvraag.bedrag_cent,
        periode=str(jaar),
        voorwaarden=data.voorwaarden,
        prestaties=[p.model_dump(mode="json") for p in data.prestaties],
        verantwoording_uiterlijk=data.verantwoording_uiterlijk or date(jaar + 1, 4, 30),
    )
    await _emit(
        session, tenant, events.ToekenningVerleend(aanvraagId=aanvraag.id, partner=aanvraag.partner), aanvraag.id
    )
    return besluit


async def withdraw(
    session: AsyncSession, tenant: str, caller: Caller, aanvraag_id: uuid.UUID, data: schemas.Reden
) -> Aanvraag:
    aanvraag = await get_aanvraag(session, tenant, caller, aanvraag_id, lock=True)
    await _transition(session, aanvraag, "ingetrokken", _who(caller), data.reden)
    await _emit(
        session,
        tenant,
        events.AanvraagIngetrokken(aanvraagId=aanvraag.id, partner=aanvraag.partner, reden=data.reden),
        aanvraag.id,
    )
    return aanvraag


async def on_reservation_answer(
    session: AsyncSession,
    tenant: str,
    aanvraag_id: uuid.UUID,
    confirmed: bool,
    reden: str | None,
    bedrag_cent: int | None = None,
) -> None:
    """financien's answer to a proposal: confirmed keeps it proposed (ready to grant); refused rejects it. A
    confirmation of another amount than the one proposed confirms nothing (it answers an earlier proposal)."""
    aanvraag = await session.scalar(
        select(Aanvraag).where(Aanvraag.tenant == tenant, Aanvraag.id == aanvraag_id).with_for_update()
    )
    if aanvraag is None or aanvraag.status != "voorgesteld" or aanvraag.reservering != "gevraagd":
        return  # an answer to an earlier state (or repeated): nothing changes
    if confirmed and bedrag_cent is not None and bedrag_cent != aanvraag.bedrag_cent:
        log.warning("reservation_amount_differs", aanvraag=str(aanvraag.id), reserved=bedrag_cent)
        return
    if confirmed:
        aanvraag.reservering = "bevestigd"
        await _log(session, aanvraag, "voorgesteld", "voorgesteld", "financien", "Reservering bevestigd")
        return
    await reject(session, aanvraag, f"Geen ruimte onder het subsidieplafond: {reden}", door="financien")


# --- accountability and settlement ----------------------------------------------------------------------------------


async def toekenningsbesluit(session: AsyncSession, aanvraag: Aanvraag) -> Besluit | None:
    return await session.scalar(
        select(Besluit).where(Besluit.aanvraag_id == aanvraag.id, Besluit.soort == "toekenning")
    )


async def submit_report(
    session: AsyncSession, tenant: str, caller: Caller, aanvraag_id: uuid.UUID, data: schemas.VerantwoordingCreate
) -> Verantwoording:
    aanvraag = await get_aanvraag(session, tenant, caller, aanvraag_id, lock=True)
    besluit = await toekenningsbesluit(session, aanvraag)
    if aanvraag.status not in ("toegekend", "vastgesteld") or besluit is None:
        raise Conflict(
            f"There is no grant to account for: the application is {aanvraag.status}.", code="geen_toekenning"
        )
    if await session.scalar(select(Verantwoording.id).where(Verantwoording.aanvraag_id == aanvraag.id)):
        raise Conflict("This grant has its accountability report already.", code="already_exists")
    for index, value in enumerate(data.indicatorwaarden):
        if value.indicator not in aanvraag.indicatoren:
            raise _unprocessable(
                f"indicatorwaarden[{index}].indicator",
                f"{value.indicator!r} is not an indicator this grant committed to ({aanvraag.indicatoren})",
                "not_committed",
            )
    values = [
        {**v.model_dump(mode="json"), "waarde": str(Decimal(v.waarde.replace(",", ".")))} for v in data.indicatorwaarden
    ]
    report = Verantwoording(
        tenant=tenant,
        aanvraag_id=aanvraag.id,
        partner=aanvraag.partner,
        activiteiten=[a.model_dump(mode="json", by_alias=True) for a in data.activiteiten],
        besteed_cent=data.besteed_cent,
        indicatorwaarden=values,
        toelichting=data.toelichting,
        te_laat=bool(besluit.verantwoording_uiterlijk and is_past(besluit.verantwoording_uiterlijk)),
    )
    session.add(report)
    await session.flush()
    event = events.VerantwoordingIngediend(
        verantwoordingId=report.id,
        aanvraagId=aanvraag.id,
        partner=aanvraag.partner,
        indicatorwaarden=[events.Indicatorwaarde(**v) for v in values],
    )
    await _emit(session, tenant, event, aanvraag.id)
    return report


async def get_report(session: AsyncSession, tenant: str, caller: Caller, aanvraag_id: uuid.UUID) -> Verantwoording:
    aanvraag = await get_aanvraag(session, tenant, caller, aanvraag_id)
    report = await session.scalar(select(Verantwoording).where(Verantwoording.aanvraag_id == aanvraag.id))
    if report is None:
        raise NotFound("This application has no accountability report (yet).")
    return report


async def settle(
    session: AsyncSession, tenant: str, caller: Caller, aanvraag_id: uuid.UUID, data: schemas.VaststellingCreate
) -> Besluit:
    """*Vaststelling*: the final amount, at most the grant; the difference is reclaimed and released in financien."""
    caller.require_gemeente("settle a grant")
    aanvraag = await get_aanvraag(session, tenant, caller, aanvraag_id, lock=True)
    granted = await toekenningsbesluit(session, aanvraag)
    report = await session.scalar(select(Verantwoording).where(Verantwoording.aanvraag_id == aanvraag.id))
    if aanvraag.status == "toegekend" and report is None:
        raise Conflict(
            "A grant is settled on its accountability report, which has not arrived.", code="geen_verantwoording"
        )
    toegekend = granted.bedrag_cent if granted else 0
    final = data.bedrag_cent if data.bedrag_cent is not None else min(toegekend, report.besteed_cent if report else 0)
    if final > toegekend:
        raise _unprocessable(
            "bedragCent", f"the final amount cannot exceed the grant of {toegekend} cents", "too_large"
        )
    await _transition(session, aanvraag, "vastgesteld", "gemeente")
    terug = toegekend - final
    toelichting = data.toelichting or (
        f"Vastgesteld op {final} cent; {terug} cent wordt teruggevorderd." if terug else None
    )
    besluit = await _decide(
        session,
        aanvraag,
        "vaststelling",
        toelichting=toelichting,
        bedrag_cent=final,
        periode=granted.periode if granted else None,
        voorwaarden=[],
        prestaties=[],
    )
    event = events.ToekenningVastgesteld(
        aanvraagId=aanvraag.id,
        partner=aanvraag.partner,
        toegekendCent=toegekend,
        vastgesteldCent=final,
        terugvorderingCent=terug,
    )
    await _emit(session, tenant, event, aanvraag.id)
    return besluit


# --- reading applications, decisions, reports -----------------------------------------------------------------------


async def aanvraag_reads(session: AsyncSession, rows: list[Aanvraag]) -> list[schemas.AanvraagRead]:
    ambities = dict(
        (
            await session.execute(
                select(Uitvraag.id, Uitvraag.ambitie_id).where(Uitvraag.id.in_({r.uitvraag_id for r in rows}))
            )
        ).all()
    )
    return [schemas.AanvraagRead.model_validate(_row(r, ambitie_id=ambities[r.uitvraag_id])) for r in rows]


async def list_aanvragen(
    session: AsyncSession,
    tenant: str,
    caller: Caller,
    params: PageParams,
    *,
    uitvraag_id: uuid.UUID | None,
    status: str | None,
    partner: str | None,
) -> tuple[int, list[Aanvraag]]:
    query = select(Aanvraag).where(Aanvraag.tenant == tenant)
    if caller.is_partner:
        query = query.where(Aanvraag.partner == caller.organisatie)
    if partner is not None:
        query = query.where(Aanvraag.partner == partner)
    if uitvraag_id is not None:
        query = query.where(Aanvraag.uitvraag_id == uitvraag_id)
    if status is not None:
        query = query.where(Aanvraag.status == status)
    return await paginate(session, query.order_by(Aanvraag.created_at, Aanvraag.id), params)


async def list_besluiten(
    session: AsyncSession,
    tenant: str,
    caller: Caller,
    params: PageParams,
    *,
    aanvraag_id: uuid.UUID | None,
    soort: str | None,
) -> tuple[int, list[Besluit]]:
    query = select(Besluit).where(Besluit.tenant == tenant)
    if caller.is_partner:
        query = query.join(Aanvraag, Aanvraag.id == Besluit.aanvraag_id).where(Aanvraag.partner == caller.organisatie)
    if aanvraag_id is not None:
        query = query.where(Besluit.aanvraag_id == aanvraag_id)
    if soort is not None:
        query = query.where(Besluit.soort == soort)
    return await paginate(session, query.order_by(Besluit.identificatie), params)


async def get_besluit(session: AsyncSession, tenant: str, caller: Caller, besluit_id: uuid.UUID) -> Besluit:
    besluit = await get_or_raise(session, Besluit, tenant, besluit_id)
    await get_aanvraag(session, tenant, caller, besluit.aanvraag_id)  # a partner reads only its own
    return besluit


async def history(session: AsyncSession, tenant: str, caller: Caller, aanvraag_id: uuid.UUID) -> list[Statuswijziging]:
    await get_aanvraag(session, tenant, caller, aanvraag_id)
    return list(
        await session.scalars(
            select(Statuswijziging).where(Statuswijziging.aanvraag_id == aanvraag_id).order_by(Statuswijziging.id)
        )
    )


# --- the interim report and deadlines -------------------------------------------------------------------------------


async def tussenrapportage(session: AsyncSession, tenant: str, subsidiejaar: int) -> schemas.Tussenrapportage:
    """Per ambition: what was granted for the subsidy year, reported, spent, settled and reclaimed."""
    rows = await session.execute(
        select(Uitvraag.ambitie_id, Aanvraag.id, Aanvraag.status)
        .join(Aanvraag, Aanvraag.uitvraag_id == Uitvraag.id)
        .join(Cyclus, Cyclus.id == Uitvraag.cyclus_id)
        .where(
            Uitvraag.tenant == tenant,
            Cyclus.subsidiejaar == subsidiejaar,
            Aanvraag.status.in_(["toegekend", "vastgesteld"]),
        )
    )
    per_app = {aanvraag_id: ambitie_id for ambitie_id, aanvraag_id, _ in rows}
    besluiten = list(await session.scalars(select(Besluit).where(Besluit.aanvraag_id.in_(per_app))))
    reports = {
        r.aanvraag_id: r
        for r in await session.scalars(select(Verantwoording).where(Verantwoording.aanvraag_id.in_(per_app)))
    }
    totals: dict[uuid.UUID, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    granted: dict[uuid.UUID, int] = {}
    for besluit in besluiten:
        line = totals[per_app[besluit.aanvraag_id]]
        if besluit.soort == "toekenning":
            line["toegekend_aantal"] += 1
            line["toegekend_cent"] += besluit.bedrag_cent or 0
            granted[besluit.aanvraag_id] = besluit.bedrag_cent or 0
    for besluit in (b for b in besluiten if b.soort == "vaststelling"):  # after the grants: it needs their amounts
        line = totals[per_app[besluit.aanvraag_id]]
        line["vastgesteld_aantal"] += 1
        line["vastgesteld_cent"] += besluit.bedrag_cent or 0
        line["teruggevorderd_cent"] += granted.get(besluit.aanvraag_id, 0) - (besluit.bedrag_cent or 0)
    for aanvraag_id, report in reports.items():
        line = totals[per_app[aanvraag_id]]
        line["verantwoord_aantal"] += 1
        line["besteed_cent"] += report.besteed_cent
    names = dict(
        (
            await session.execute(
                select(AmbitieReferentie.ambitie_id, AmbitieReferentie.naam).where(AmbitieReferentie.tenant == tenant)
            )
        ).all()
    )
    fields = schemas.TussenrapportageRegel.model_fields
    lines = [
        schemas.TussenrapportageRegel(
            ambitie_id=ambitie_id,
            ambitie=names.get(ambitie_id),
            **{name: line.get(name, 0) for name in fields if name not in ("ambitie_id", "ambitie")},
        )
        for ambitie_id, line in totals.items()
    ]
    lines.sort(key=lambda r: r.ambitie or "")
    return schemas.Tussenrapportage(subsidiejaar=subsidiejaar, ambities=lines)


def _status(done: bool, day: date) -> str:
    return "voldaan" if done else ("verlopen" if is_past(day) else "open")


async def termijnen(
    session: AsyncSession, tenant: str, caller: Caller, partner: str | None, status: str | None
) -> list[schemas.Termijn]:
    """What is due and overdue: the phases of every cycle, the open calls (and drafts not yet submitted), and the
    accountability reports of grants. A partner sees the general items and its own."""
    if caller.is_partner:
        partner = caller.organisatie
    items: list[schemas.Termijn] = []
    for c in await session.scalars(select(Cyclus).where(Cyclus.tenant == tenant).order_by(Cyclus.jaar)):
        for fase in (await cycle.fasen(session, c)).values():
            items.append(
                schemas.Termijn(
                    soort="fase",
                    omschrijving=f"{c.jaar}: {cycle.BY_CODE[fase.code].omschrijving}",
                    partner=None,
                    uiterlijk=cycle.deadline_of(fase),
                    status=_status(fase.status == "gesloten", fase.gepland_tot),  # type: ignore[arg-type]
                    verwijzing=f"{c.jaar}/{fase.code}",
                )
            )
    calls = list(await session.scalars(select(Uitvraag).where(Uitvraag.tenant == tenant, Uitvraag.status != "concept")))
    for uitvraag in calls:
        items.append(
            schemas.Termijn(
                soort="uitvraag",
                omschrijving=f"Aanvragen indienen: {uitvraag.titel}",
                partner=None,
                uiterlijk=end_of_day(uitvraag.deadline),
                status=_status(uitvraag.status == "gesloten", uitvraag.deadline),  # type: ignore[arg-type]
                verwijzing=str(uitvraag.id),
            )
        )
    deadlines = {u.id: u for u in calls}
    apps = select(Aanvraag).where(
        Aanvraag.tenant == tenant, Aanvraag.status.in_(["concept", "toegekend", "vastgesteld"])
    )
    if partner is not None:
        apps = apps.where(Aanvraag.partner == partner)
    reported = set(await session.scalars(select(Verantwoording.aanvraag_id).where(Verantwoording.tenant == tenant)))
    rows = list(await session.scalars(apps.order_by(Aanvraag.created_at)))
    report_due = dict(  # one query for every grant's report deadline, not one per application
        (
            await session.execute(
                select(Besluit.aanvraag_id, Besluit.verantwoording_uiterlijk).where(
                    Besluit.aanvraag_id.in_([a.id for a in rows]), Besluit.soort == "toekenning"
                )
            )
        ).all()
    )
    for aanvraag in rows:
        if aanvraag.status == "concept" and aanvraag.uitvraag_id in deadlines:
            day = deadlines[aanvraag.uitvraag_id].deadline
            items.append(
                schemas.Termijn(
                    soort="uitvraag",
                    omschrijving=f"Aanvraag indienen: {aanvraag.titel}",
                    partner=aanvraag.partner,
                    uiterlijk=end_of_day(day),
                    status=_status(False, day),  # type: ignore[arg-type]
                    verwijzing=str(aanvraag.id),
                )
            )
        elif aanvraag.status in ("toegekend", "vastgesteld"):
            day = report_due.get(aanvraag.id)
            if day is not None:
                items.append(
                    schemas.Termijn(
                        soort="verantwoording",
                        omschrijving=f"Verantwoording: {aanvraag.titel}",
                        partner=aanvraag.partner,
                        uiterlijk=end_of_day(day),
                        status=_status(aanvraag.id in reported, day),  # type: ignore[arg-type]
                        verwijzing=str(aanvraag.id),
                    )
                )
    if status is not None:
        items = [i for i in items if i.status == status]
    return sorted(items, key=lambda i: (i.uiterlijk, i.soort, i.verwijzing))
