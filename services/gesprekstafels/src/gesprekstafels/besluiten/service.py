"""Decisions (besluiten): proposal, rejection, grant, withdrawal, each a `Besluit` row and a `besluit.genomen`
event; a grant above its decider's mandate waits for a second one (`mandaten`), a taken grant opens its ledger
(`betalingen`)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.auth import POLICY_STAFF, require_role
from stuurcyclus_common.contracts import gesprekstafels as events
from stuurcyclus_common.db import starts_with
from stuurcyclus_common.deadlines import today
from stuurcyclus_common.errors import Conflict, Waiting
from stuurcyclus_common.identity import Caller
from stuurcyclus_common.versioning import get_or_raise, referenced

from ..aanvragen.schemas import Reden
from ..aanvragen.service import get_aanvraag, log_status, transition, who
from ..aanvragen.statuses import HOLDS_MONEY, OPEN_STATUSES
from ..betalingen import ledger, schedule
from ..cyclus import service as cycle
from ..mandaten import service as mandaten
from ..models import Aanvraag, Besluit, Besluitvoorstel, Cyclus, Uitvraag
from ..shared.rules import ambitie_of, emit, log, unprocessable
from ..uitvraag.service import ceiling_sisa_code, closed_reason
from ..verantwoording import regime
from . import schemas


async def propose(session: AsyncSession, tenant: str, caller: Caller, aanvraag_id: uuid.UUID) -> Aanvraag:
    """Propose a grant: in the call's order (first come, first served unless it ranks), within its sub-ceiling; then
    financien is asked to reserve the amount under the ambition's ceiling (the answer arrives by event)."""
    aanvraag = await get_aanvraag(session, tenant, caller, aanvraag_id=aanvraag_id)
    # One proposal per call at a time: the call's row is the lock that keeps the order and the sub-ceilings exact.
    uitvraag = await get_or_raise(session, Uitvraag, tenant, aanvraag.uitvraag_id, lock=True)
    aanvraag = await get_aanvraag(session, tenant, caller, aanvraag_id=aanvraag_id, lock=True)
    if aanvraag.status != "in-behandeling":
        await transition(session, aanvraag, "voorgesteld", door="gemeente")  # raises the reason
    same_pot = [Aanvraag.uitvraag_id == uitvraag.id, Aanvraag.id != aanvraag.id]
    if aanvraag.deelplafond is not None:
        same_pot.append(Aanvraag.deelplafond == aanvraag.deelplafond)
    if uitvraag.beoordeling == "rangschikking":
        if closed_reason(uitvraag) is None:
            raise Conflict("This call ranks its applications: propose only after it closed.", code="uitvraag_open")
        if aanvraag.score is None:
            raise Conflict("This call ranks its applications: give it a score when reviewing.", code="score_ontbreekt")
        ahead: ColumnElement[bool] = (Aanvraag.score.is_(None)) | (Aanvraag.score > aanvraag.score)
    else:
        ahead = Aanvraag.ingediend_op < aanvraag.ingediend_op
    pending = await session.scalar(
        select(Aanvraag.id).where(
            Aanvraag.uitvraag_id == uitvraag.id, Aanvraag.status == "voorgesteld", Aanvraag.reservering == "gevraagd"
        )
    )
    if pending is not None:  # financien answers one at a time, in order: the next waits for the previous answer
        raise Waiting(
            f"financien has not answered the proposal of application {pending} yet; propose the next one after it.",
            code="reservering_in_behandeling",
            wacht_op="financien's answer to that reservation (reservering.bevestigd or reservering.geweigerd)",
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
        if (in_use or 0) + aanvraag.bedrag_cent > limit:
            reason = (
                f"Het deelplafond {aanvraag.deelplafond} ({limit} cent) zou worden overschreden: {in_use} cent is al "
                f"voorgesteld of toegekend, {aanvraag.bedrag_cent} gevraagd."
            )
            await reject(session, aanvraag, reason, door="gemeente", code="deelplafond_overschreden")
            return aanvraag
    await transition(session, aanvraag, "voorgesteld", door="gemeente")
    aanvraag.reservering = "gevraagd"
    await session.flush()
    cyclus = await referenced(session, Cyclus, uitvraag.cyclus_id)
    request = events.ToekenningVoorgesteld(
        aanvraagId=aanvraag.id,
        ambitieId=uitvraag.ambitie_id,
        jaar=cyclus.subsidiejaar,
        bedragCent=aanvraag.bedrag_cent,
        partner=aanvraag.partner,
    )
    await emit(session, tenant, request, aanvraag.id)
    return aanvraag


async def _next_identificatie(session: AsyncSession, tenant: str, jaar: int) -> str:
    """`GM0193-2027-00001`: numbered per municipality and year, without gaps or doubles (serialised by a lock)."""
    await session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"besluit:{tenant}:{jaar}"})
    prefix = f"{tenant}-{jaar}-"
    count = await session.scalar(
        select(func.count())
        .select_from(Besluit)
        .where(Besluit.tenant == tenant, starts_with(Besluit.identificatie, prefix))
    )
    return f"{prefix}{(count or 0) + 1:05d}"


async def decide(
    session: AsyncSession, aanvraag: Aanvraag, soort: str, *, besluit_id: uuid.UUID | None = None, **fields: Any
) -> Besluit:
    """Take a decision: a numbered `Besluit` row and its `besluit.genomen` event (ZGW Besluit shape)."""
    uitvraag = await referenced(session, Uitvraag, aanvraag.uitvraag_id)
    vandaag = today()
    besluit = Besluit(
        id=besluit_id or uuid.uuid4(),
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
        betaalschema=besluit.betaalschema or [],
        besluitvormers=besluit.besluitvormers or [],
        sisaCode=besluit.sisa_code,
    )
    await emit(session, aanvraag.tenant, event, aanvraag.id)
    return besluit


async def reject(
    session: AsyncSession, aanvraag: Aanvraag, reason: str, *, door: str, code: str | None = None
) -> Besluit:
    """Reject with a reason: a decision (*afwijzing*), and any reservation at financien is released."""
    await transition(session, aanvraag, "afgewezen", door=door, reden=reason)
    if door == "financien":
        aanvraag.reservering = "geweigerd"
    await session.flush()
    besluit = await decide(session, aanvraag, "afwijzing", toelichting=reason, voorwaarden=[], prestaties=[])
    await emit(
        session,
        aanvraag.tenant,
        events.AanvraagAfgewezen(aanvraagId=aanvraag.id, partner=aanvraag.partner, reden=code or reason),
        aanvraag.id,
    )
    return besluit


async def reject_by_municipality(
    session: AsyncSession, tenant: str, caller: Caller, *, aanvraag_id: uuid.UUID, data: schemas.AfwijzingCreate
) -> Besluit:
    aanvraag = await get_aanvraag(session, tenant, caller, aanvraag_id=aanvraag_id, lock=True)
    return await reject(session, aanvraag, data.toelichting, door="gemeente")


async def _grant_terms(
    session: AsyncSession, aanvraag: Aanvraag, data: schemas.ToekenningCreate
) -> tuple[Uitvraag, Cyclus, date, date]:
    """Everything a grant needs before anyone decides it: the confirmed reservation, the open grant phase, a term."""
    uitvraag = await referenced(session, Uitvraag, aanvraag.uitvraag_id)
    cyclus = await referenced(session, Cyclus, uitvraag.cyclus_id)
    if aanvraag.status == "voorgesteld" and aanvraag.reservering != "bevestigd":
        raise Conflict(
            "financien has not confirmed the reservation under the ceiling yet: a grant waits for it.",
            code="reservering_niet_bevestigd",
        )
    if aanvraag.status != "voorgesteld":
        await transition(session, aanvraag, "toegekend", door="gemeente")  # raises the reason
    await cycle.require_open(session, cyclus, "toekenning", "grant a subsidy")
    jaar = cyclus.subsidiejaar
    ingangsdatum, vervaldatum = data.ingangsdatum or date(jaar, 1, 1), data.vervaldatum or date(jaar, 12, 31)
    if vervaldatum < ingangsdatum:
        raise unprocessable("vervaldatum", "lies before the ingangsdatum", "voor_begin")
    return uitvraag, cyclus, ingangsdatum, vervaldatum


async def grant(
    session: AsyncSession, tenant: str, caller: Caller, aanvraag_id: uuid.UUID, data: schemas.ToekenningCreate
) -> Besluit | Besluitvoorstel:
    """The November decision: only for a proposal whose reservation financien confirmed, in the open grant phase;
    above the decider's mandate it waits for a second decider (`mandaten`)."""
    aanvraag = await get_aanvraag(session, tenant, caller, aanvraag_id=aanvraag_id, lock=True)
    uitvraag, _, start, end = await _grant_terms(session, aanvraag, data)
    schedule.schedule(data.betaalschema, uitvraag.betaalwijze, aanvraag.bedrag_cent, start, end)  # refuses early
    gegevens = data.model_dump(mode="json", by_alias=True, exclude_unset=True)
    return await mandaten.decide_or_wait(
        session,
        caller,
        aanvraag,
        soort="toekenning",
        bedrag_cent=aanvraag.bedrag_cent,
        gegevens=gegevens,
        execute=execute_grant,
    )


async def execute_grant(
    session: AsyncSession,
    aanvraag: Aanvraag,
    gegevens: dict[str, Any],
    besluitvormers: list[dict],
    besluit_id: uuid.UUID | None,
) -> Besluit:
    """Take the grant (checked again: a co-decided one may come days later), open its ledger, tell financien."""
    data = schemas.ToekenningCreate.model_validate(gegevens)
    uitvraag, cyclus, ingangsdatum, vervaldatum = await _grant_terms(session, aanvraag, data)
    jaar = cyclus.subsidiejaar
    advances = schedule.schedule(
        data.betaalschema, uitvraag.betaalwijze, aanvraag.bedrag_cent, ingangsdatum, vervaldatum
    )
    await transition(session, aanvraag, "toegekend", door="gemeente")
    vorm, steekproef = regime.decide_form(
        aanvraag.bedrag_cent,
        uitvraag.verantwoordingsregime or regime.DEFAULT_REGIME,
        seed=f"{aanvraag.tenant}/{uitvraag.id}/{aanvraag.id}",
    )
    besluit = await decide(
        session,
        aanvraag,
        "toekenning",
        besluit_id=besluit_id,
        ingangsdatum=ingangsdatum,
        vervaldatum=vervaldatum,
        vervalreden="tijdelijk",
        toelichting=data.toelichting,
        bedrag_cent=aanvraag.bedrag_cent,
        periode=str(jaar),
        voorwaarden=data.voorwaarden,
        prestaties=[p.model_dump(mode="json") for p in data.prestaties],
        verantwoording_uiterlijk=(data.verantwoording_uiterlijk or date(jaar + 1, 4, 30))
        if regime.report_due(vorm)
        else None,
        verantwoordingsvorm=vorm.value,
        steekproef=steekproef,
        betaalschema=advances,
        besluitvormers=besluitvormers,
        sisa_code=data.sisa_code
        or uitvraag.sisa_code
        or await ceiling_sisa_code(session, aanvraag.tenant, uitvraag.ambitie_id, jaar),
    )
    await ledger.open_ledger(session, aanvraag, besluit)
    await emit(
        session,
        aanvraag.tenant,
        events.ToekenningVerleend(aanvraagId=aanvraag.id, partner=aanvraag.partner),
        aanvraag.id,
    )
    return besluit


async def withdraw(
    session: AsyncSession, tenant: str, caller: Caller, *, aanvraag_id: uuid.UUID, data: Reden
) -> Aanvraag:
    """Before the grant the applicant (or the municipality) withdraws the application; a grant is withdrawn by the
    municipality only (*intrekking*, a decision): its commitment is released and what was paid out is reclaimed."""
    aanvraag = await get_aanvraag(session, tenant, caller, aanvraag_id=aanvraag_id, lock=True)
    if aanvraag.status == "toegekend":
        return await _withdraw_grant(session, caller, aanvraag, data.reden)
    await transition(session, aanvraag, "ingetrokken", door=who(caller), reden=data.reden)
    await emit(
        session,
        tenant,
        events.AanvraagIngetrokken(aanvraagId=aanvraag.id, partner=aanvraag.partner, reden=data.reden),
        aanvraag.id,
    )
    return aanvraag


async def grant_of(session: AsyncSession, aanvraag: Aanvraag) -> Besluit | None:
    return await session.scalar(
        select(Besluit).where(Besluit.aanvraag_id == aanvraag.id, Besluit.soort == "toekenning")
    )


async def _withdraw_grant(session: AsyncSession, caller: Caller, aanvraag: Aanvraag, reden: str) -> Aanvraag:
    require_role(caller.rol, POLICY_STAFF, "withdraw a grant")  # the data decides: a granted application
    if await mandaten.waiting(session, aanvraag) is not None:
        raise Conflict("A decision on this grant waits for a second decider.", code="wacht_op_tweede_besluitvormer")
    granted = await grant_of(session, aanvraag)
    if granted is None:
        raise LookupError(f"application {aanvraag.id} is granted without a grant decision")
    mandaat = await mandaten.mandate_of(session, aanvraag.tenant, caller, await ambitie_of(session, aanvraag))
    await transition(session, aanvraag, "ingetrokken", door="gemeente", reden=reden)
    besluit = await decide(
        session,
        aanvraag,
        "intrekking",
        vervalreden="ingetrokken_overheid",
        toelichting=reden,
        bedrag_cent=0,
        periode=granted.periode,
        voorwaarden=[],
        prestaties=[],
        besluitvormers=[mandaten.besluitvormer(caller, mandaat)],
        sisa_code=granted.sisa_code,
    )
    paid = await ledger.reckon(session, aanvraag, granted, besluit=besluit, final_cent=0)
    event = events.ToekenningIngetrokken(
        aanvraagId=aanvraag.id, partner=aanvraag.partner, reden=reden, betaaldCent=paid, terugvorderingCent=paid
    )
    await emit(session, aanvraag.tenant, event, aanvraag.id)
    return aanvraag


async def on_reservation_answer(
    session: AsyncSession,
    tenant: str,
    aanvraag_id: uuid.UUID,
    *,
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
        await log_status(
            session, aanvraag, "voorgesteld", naar="voorgesteld", door="financien", reden="Reservering bevestigd"
        )
        return
    await reject(session, aanvraag, f"Geen ruimte onder het subsidieplafond: {reden}", door="financien")
