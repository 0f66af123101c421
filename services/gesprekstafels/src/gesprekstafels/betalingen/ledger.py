"""The ledger that pays a grant, and the reckoning at its settlement or withdrawal.

Each step of a payment is kept with who and when, and is an event (the rules of the steps: `steps`).
A settlement cancels the advances not sent yet and sets the final amount against what was paid out (sent or paid):
above it the difference is the final payment, below it a reclaim. A withdrawal reclaims all that was paid out. Both
are due six weeks after the decision (Awb 4:87).
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.contracts import gesprekstafels as events
from stuurcyclus_common.deadlines import today
from stuurcyclus_common.errors import Conflict, Forbidden, NotFound
from stuurcyclus_common.identity import Caller, partner_scope
from stuurcyclus_common.pagination import PageParams, paginate

from ..models import Aanvraag, Besluit, Betaling
from ..settings import get_settings
from ..shared.rules import ambitie_of, emit, row_of, unprocessable
from . import schemas
from .steps import MAY_TAKE, OPEN, PAID_OUT, PAYMENT_TERM, PAYOUTS, TRANSITIONS, due_clause, is_due

EVENT_OF = {
    "gepland": events.BetalingGepland,
    "geautoriseerd": events.BetalingGeautoriseerd,
    "verzonden": events.BetalingVerzonden,
    "betaald": events.BetalingBetaald,
    "geannuleerd": events.BetalingGeannuleerd,
}


def _step(caller: Caller | None, status: str, **extra: Any) -> dict[str, Any]:
    who = {"door": caller.client, "rol": caller.rol} if caller else {"door": "stuurcyclus", "rol": "systeem"}
    return {"status": status, **who, "op": datetime.now(UTC).isoformat()} | {k: v for k, v in extra.items() if v}


async def announce(session: AsyncSession, betaling: Betaling, status: str | None = None) -> None:
    data = EVENT_OF.get(status or betaling.status, events.BetalingOpeisbaar)(
        betalingId=betaling.id,
        aanvraagId=betaling.aanvraag_id,
        besluitId=betaling.besluit_id,
        partner=betaling.partner,
        ambitieId=betaling.ambitie_id,
        jaar=betaling.jaar,
        soort=betaling.soort,
        volgnummer=betaling.volgnummer,
        bedragCent=betaling.bedrag_cent,
        vervaldatum=betaling.vervaldatum.isoformat(),
        status=betaling.status,
        kenmerk=betaling.kenmerk,
        sisaCode=betaling.sisa_code,
    )
    await emit(session, betaling.tenant, data, betaling.id)  # the event is about the payment itself


async def _add(
    session: AsyncSession,
    aanvraag: Aanvraag,
    besluit: Besluit,
    *,
    grant: Besluit,
    soort: str,
    terms: list[tuple[int, date]],
) -> None:
    """Enter what `besluit` sets — `terms` of (cents, due date) of one `soort` — in the grant's ledger, numbered
    after what is there, each announced."""
    volgnummer = await session.scalar(
        select(func.coalesce(func.max(Betaling.volgnummer), 0)).where(Betaling.aanvraag_id == aanvraag.id)
    )
    ambitie_id = await ambitie_of(session, aanvraag)
    jaar = int(grant.periode) if grant.periode and grant.periode.isdigit() else grant.datum.year
    for n, (cent, due) in enumerate(terms, start=(volgnummer or 0) + 1):
        betaling = Betaling(
            tenant=aanvraag.tenant,
            aanvraag_id=aanvraag.id,
            besluit_id=besluit.id,
            partner=aanvraag.partner,
            ambitie_id=ambitie_id,
            jaar=jaar,
            sisa_code=grant.sisa_code,
            soort=soort,
            volgnummer=n,
            bedrag_cent=cent,
            vervaldatum=due,
            status="gepland",
            stappen=[_step(None, "gepland", reden=f"besluit {besluit.identificatie}")],
            versie=1,
        )
        session.add(betaling)
        await session.flush()
        await announce(session, betaling)


async def open_ledger(session: AsyncSession, aanvraag: Aanvraag, grant: Besluit) -> None:
    """The grant's advances enter its ledger, as its decision states them."""
    terms = [(term["bedragCent"], date.fromisoformat(term["vervaldatum"])) for term in grant.betaalschema]
    await _add(session, aanvraag, grant, grant=grant, soort="voorschot", terms=terms)


async def _ledger(session: AsyncSession, aanvraag_id: uuid.UUID) -> list[Betaling]:
    return list(
        await session.scalars(
            select(Betaling).where(Betaling.aanvraag_id == aanvraag_id).order_by(Betaling.volgnummer).with_for_update()
        )
    )


async def _cancel_open(session: AsyncSession, ledger: list[Betaling], reason: str) -> None:
    for betaling in ledger:
        if betaling.soort in PAYOUTS and betaling.status in OPEN:
            betaling.status = "geannuleerd"
            betaling.stappen = [*betaling.stappen, _step(None, "geannuleerd", reden=reason)]
            betaling.versie += 1
            await session.flush()
            await announce(session, betaling)


def paid_out(ledger: list[Betaling]) -> int:
    """Paid to the partner (sent or paid) minus what came back or is being reclaimed (not cancelled)."""
    out = sum(b.bedrag_cent for b in ledger if b.soort in PAYOUTS and b.status in PAID_OUT)
    back = sum(b.bedrag_cent for b in ledger if b.soort == "terugvordering" and b.status != "geannuleerd")
    return out - back


async def reckon(
    session: AsyncSession, aanvraag: Aanvraag, grant: Besluit, *, besluit: Besluit, final_cent: int
) -> int:
    """Set `final_cent` (a settlement's amount; 0 for a withdrawal) against what was paid out: the open advances are
    cancelled, then a final payment or a reclaim for the difference, due six weeks after the decision. Returns the
    amount paid out before."""
    ledger = await _ledger(session, aanvraag.id)
    await _cancel_open(session, ledger, f"besluit {besluit.identificatie}")
    before = paid_out(ledger)
    due = besluit.datum + PAYMENT_TERM
    if final_cent > before:
        await _add(session, aanvraag, besluit, grant=grant, soort="nabetaling", terms=[(final_cent - before, due)])
    elif final_cent < before:
        await _add(session, aanvraag, besluit, grant=grant, soort="terugvordering", terms=[(before - final_cent, due)])
    return before


async def _visible(
    session: AsyncSession, tenant: str, caller: Caller, *, betaling_id: uuid.UUID, lock: bool
) -> Betaling:
    query = select(Betaling).where(Betaling.tenant == tenant, Betaling.id == betaling_id)
    betaling = await session.scalar(query.with_for_update() if lock else query)
    if betaling is None:
        raise NotFound(f"Betaling {betaling_id} does not exist in {tenant}.")
    caller.require_own(betaling.partner, "payment")
    return betaling


async def get_betaling(session: AsyncSession, tenant: str, caller: Caller, betaling_id: uuid.UUID) -> Betaling:
    return await _visible(session, tenant, caller, betaling_id=betaling_id, lock=False)


def _may_take(caller: Caller, status: str) -> None:
    """Refuse (403) a step that is another role's, whichever payment it is about."""
    if caller.rol not in MAY_TAKE[status]:
        raise Forbidden(
            f"The role {caller.rol!r} may not mark a payment {status} "
            f"(that is for: {', '.join(sorted(MAY_TAKE[status]))}).",
            code="rol_niet_toegestaan",
        )


def segregated(betaling: Betaling, caller: Caller, status: str) -> None:
    """Segregation of duties on money leaving: whoever authorised a payment does not also send it or mark it paid
    (on by default; a municipality may switch it off, `GESPREKSTAFELS_FUNCTIESCHEIDING_UIT`). The steps name who took
    each, so the ledger and the audit trail show the two people."""
    if status not in PAID_OUT or betaling.tenant in get_settings().functiescheiding_uit:
        return
    authorised_by = {s.get("door") for s in betaling.stappen if s.get("status") == "geautoriseerd"}
    if caller.client in authorised_by:
        raise Conflict(
            f"Segregation of duties: {caller.client} authorised payment {betaling.id}, so another person sends it "
            "and marks it paid.",
            code="functiescheiding",
        )


def check_transition(betaling: Betaling, data: schemas.BetalingStatusCreate) -> None:
    """Refuse a step that does not follow the payment's status (409), or a cancellation without a reason. Who may take
    the step is checked before the payment is looked up (`_may_take`)."""
    if data.status not in TRANSITIONS[betaling.status]:
        allowed = ", ".join(sorted(TRANSITIONS[betaling.status])) or "nothing"
        raise Conflict(
            f"Payment {betaling.id} is {betaling.status}; it cannot become {data.status} (only: {allowed}).",
            code="ongeldige_overgang",
        )
    if data.status == "geannuleerd" and not data.reden:
        raise unprocessable("reden", "a cancellation says why", "vereist")


async def apply(session: AsyncSession, betaling: Betaling, caller: Caller, data: schemas.BetalingStatusCreate) -> None:
    betaling.status = data.status
    if data.kenmerk:
        betaling.kenmerk = data.kenmerk
    datum = (data.datum or today()).isoformat() if data.status in PAID_OUT else None
    betaling.stappen = [
        *betaling.stappen,
        _step(caller, data.status, datum=datum, kenmerk=data.kenmerk, reden=data.reden),
    ]
    betaling.versie += 1
    await session.flush()
    await announce(session, betaling)


async def transition(
    session: AsyncSession, tenant: str, caller: Caller, betaling_id: uuid.UUID, data: schemas.BetalingStatusCreate
) -> Betaling:
    """One step of one payment, by the role whose step it is, in the order of `TRANSITIONS`."""
    _may_take(caller, data.status)
    betaling = await _visible(session, tenant, caller, betaling_id=betaling_id, lock=True)
    check_transition(betaling, data)
    segregated(betaling, caller, data.status)
    await apply(session, betaling, caller, data)
    return betaling


def read(betaling: Betaling, vandaag: date | None = None) -> schemas.BetalingRead:
    due = is_due(betaling.status, betaling.vervaldatum, vandaag or today())
    return schemas.BetalingRead.model_validate(row_of(betaling, opeisbaar=due))


async def list_betalingen(
    session: AsyncSession,
    tenant: str,
    caller: Caller,
    params: PageParams,
    *,
    aanvraag_id: uuid.UUID | None,
    status: str | None,
    soort: str | None,
    opeisbaar: bool | None,
) -> tuple[int, list[Betaling]]:
    """The ledger lines of the municipality (a partner: its own), oldest due first."""
    query = select(Betaling).where(Betaling.tenant == tenant, partner_scope(caller, Betaling.partner))
    if aanvraag_id:
        query = query.where(Betaling.aanvraag_id == aanvraag_id)
    if status:
        query = query.where(Betaling.status == status)
    if soort:
        query = query.where(Betaling.soort == soort)
    if opeisbaar is not None:
        due = due_clause(today())
        query = query.where(due if opeisbaar else ~due)
    return await paginate(session, query.order_by(Betaling.vervaldatum, Betaling.volgnummer, Betaling.id), params)


async def disbursed(session: AsyncSession, tenant: str) -> dict[uuid.UUID, int]:
    """Per grant, the net amount paid to the partner (paid advances and final payments minus reclaims received)."""
    signed = case((Betaling.soort == "terugvordering", -Betaling.bedrag_cent), else_=Betaling.bedrag_cent)
    rows = await session.execute(
        select(Betaling.aanvraag_id, func.sum(signed))
        .where(Betaling.tenant == tenant, Betaling.status == "betaald")
        .group_by(Betaling.aanvraag_id)
    )
    return {aanvraag_id: int(cent) for aanvraag_id, cent in rows}
