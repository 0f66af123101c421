"""The money after the grant: the payment schedule a decision states, the ledger that pays it, and the reckoning.

- **Schedule**: a grant states its advances (*voorschotten*): a frequency (`eenmalig`, `kwartaal`, `maand`) and a
  share of the grant, or the advances one by one; default the call's `betaalwijze` (quarterly, 100%). Split in
  cents: every advance the same, the last takes the remainder, so they add up exactly. Due on the first day of each
  period of the grant's term (the first on its start), Europe/Amsterdam.
- **Ledger**: every advance, final payment (*nabetaling*) and reclaim (*terugvordering*) is a `Betaling`:
  `gepland` → `geautoriseerd` (the municipality releases it) → `verzonden` → `betaald` (the subsidy administration's
  bank run), or `geannuleerd` before it was sent. Each step is kept with who and when, and is an event.
- **Reckoning**: a settlement cancels the advances not sent yet and sets the final amount against what was paid out
  (sent or paid): above it the difference is the final payment, below it a reclaim. A withdrawal reclaims all that
  was paid out. Both are due six weeks after the decision (Awb 4:87).
- The worker announces once when a payment falls due (`betaling.opeisbaar`), for the subsidy administration.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy import and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common import tabular
from stuurcyclus_common.auth import FINANCE_STAFF, INTEGRATORS, POLICY_STAFF
from stuurcyclus_common.contracts import gesprekstafels as events
from stuurcyclus_common.db import Database
from stuurcyclus_common.deadlines import today
from stuurcyclus_common.errors import Conflict, Forbidden, InvalidParam, NotFound, Unprocessable, line_params
from stuurcyclus_common.identity import Caller
from stuurcyclus_common.logs import get_logger
from stuurcyclus_common.pagination import PageParams, paginate

from .. import schemas
from ..models import Aanvraag, Besluit, Betaling
from ..settings import get_settings
from .common import ambitie_of, emit, row_of, unprocessable

log = get_logger(__name__)

#: Which step may follow which.
MOVES: dict[str, set[str]] = {
    "gepland": {"geautoriseerd", "geannuleerd"},
    "geautoriseerd": {"verzonden", "geannuleerd"},
    "verzonden": {"betaald"},
    "betaald": set(),
    "geannuleerd": set(),
}
#: Who may take each step: the municipality releases and cancels, the subsidy administration sends and books.
MAY_MOVE: dict[str, frozenset[str]] = {
    "geautoriseerd": POLICY_STAFF | FINANCE_STAFF,
    "verzonden": INTEGRATORS | FINANCE_STAFF,
    "betaald": INTEGRATORS | FINANCE_STAFF,
    "geannuleerd": POLICY_STAFF | FINANCE_STAFF,
}
OPEN = ("gepland", "geautoriseerd")
PAID_OUT = ("verzonden", "betaald")
PAYOUTS = ("voorschot", "nabetaling")
#: A sum of money is due six weeks after the decision that sets it (Algemene wet bestuursrecht, art. 4:87).
PAYMENT_TERM = timedelta(weeks=6)
EVENT_OF = {
    "gepland": events.BetalingGepland,
    "geautoriseerd": events.BetalingGeautoriseerd,
    "verzonden": events.BetalingVerzonden,
    "betaald": events.BetalingBetaald,
    "geannuleerd": events.BetalingGeannuleerd,
}
MONTHS_PER = {"maand": 1, "kwartaal": 3}


# --- the schedule ----------------------------------------------------------------------------------------------------


def _period_starts(start: date, end: date, months: int) -> list[date]:
    """The start and then the first day of every later period (month or quarter of the calendar) up to `end`."""
    days = [start]
    month = ((start.month - 1) // months + 1) * months + 1  # the first month of the next period
    year = start.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    while date(year, month, 1) <= end:
        days.append(date(year, month, 1))
        month += months
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return days


def split(total_cent: int, parts: int) -> list[int]:
    """`total_cent` in `parts` equal amounts, the last one taking the remainder (deterministic, exact)."""
    base = total_cent // parts
    return [base] * (parts - 1) + [total_cent - base * (parts - 1)]


def plan(total_cent: int, start: date, end: date, frequentie: str, percentage: int) -> list[tuple[int, date]]:
    """The advances of a grant of `total_cent` over [start, end]: `percentage` of it, in cents, per period."""
    advance = total_cent * percentage // 100
    if advance == 0:
        return []
    days = [start] if frequentie == "eenmalig" else _period_starts(start, end, MONTHS_PER[frequentie])
    days = days[: max(1, min(len(days), advance))]  # never an advance of 0 cents
    return list(zip(split(advance, len(days)), days, strict=True))


def schedule(
    data: schemas.Betaalschema | None, default: dict | None, total_cent: int, start: date, end: date
) -> list[dict[str, Any]]:
    """The decision's advances as `[{volgnummer, bedragCent, vervaldatum}]`; refuses terms above the grant or
    after its end, naming the field."""
    if data is not None and data.termijnen is not None:
        terms = sorted(((t.bedrag_cent, t.vervaldatum) for t in data.termijnen), key=lambda t: t[1])
        for index, term in enumerate(data.termijnen):
            if term.vervaldatum > end:
                raise unprocessable(
                    f"betaalschema.termijnen[{index}].vervaldatum", f"lies after the grant's end ({end})", "after_end"
                )
        if sum(cent for cent, _ in terms) > total_cent:
            raise unprocessable(
                "betaalschema.termijnen",
                f"the advances add up to more than the grant of {total_cent} cents",
                "too_large",
            )
    else:
        default = default or {"frequentie": "kwartaal", "voorschotPercentage": 100}
        frequentie = (data.frequentie if data else None) or default["frequentie"]
        percentage = data.voorschot_percentage if data and data.voorschot_percentage is not None else None
        percentage = default["voorschotPercentage"] if percentage is None else percentage
        terms = plan(total_cent, start, end, frequentie, percentage)
    return [
        {"volgnummer": n, "bedragCent": cent, "vervaldatum": due.isoformat()}
        for n, (cent, due) in enumerate(terms, start=1)
    ]


# --- the ledger ------------------------------------------------------------------------------------------------------


def _step(caller: Caller | None, status: str, **extra: Any) -> dict[str, Any]:
    who = {"door": caller.client, "rol": caller.rol} if caller else {"door": "stuurcyclus", "rol": "systeem"}
    return {"status": status, **who, "op": datetime.now(UTC).isoformat()} | {k: v for k, v in extra.items() if v}


async def _announce(session: AsyncSession, betaling: Betaling, status: str | None = None) -> None:
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
    for n, (cent, due) in enumerate(terms, start=volgnummer + 1):
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
        await _announce(session, betaling)


async def open_ledger(session: AsyncSession, aanvraag: Aanvraag, grant: Besluit) -> None:
    """The grant's advances enter its ledger, as its decision states them."""
    terms = [(term["bedragCent"], date.fromisoformat(term["vervaldatum"])) for term in grant.betaalschema]
    await _add(session, aanvraag, grant, grant, "voorschot", terms)


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
            await _announce(session, betaling)


def paid_out(ledger: list[Betaling]) -> int:
    """Paid to the partner (sent or paid) minus what came back or is being reclaimed (not cancelled)."""
    out = sum(b.bedrag_cent for b in ledger if b.soort in PAYOUTS and b.status in PAID_OUT)
    back = sum(b.bedrag_cent for b in ledger if b.soort == "terugvordering" and b.status != "geannuleerd")
    return out - back


async def reckon(session: AsyncSession, aanvraag: Aanvraag, grant: Besluit, besluit: Besluit, final_cent: int) -> int:
    """Set `final_cent` (a settlement's amount; 0 for a withdrawal) against what was paid out: the open advances are
    cancelled, then a final payment or a reclaim for the difference, due six weeks after the decision. Returns the
    amount paid out before."""
    ledger = await _ledger(session, aanvraag.id)
    await _cancel_open(session, ledger, f"besluit {besluit.identificatie}")
    before = paid_out(ledger)
    due = besluit.datum + PAYMENT_TERM
    if final_cent > before:
        await _add(session, aanvraag, besluit, grant, "nabetaling", [(final_cent - before, due)])
    elif final_cent < before:
        await _add(session, aanvraag, besluit, grant, "terugvordering", [(before - final_cent, due)])
    return before


# --- steps by people and systems --------------------------------------------------------------------------------------


async def _visible(session: AsyncSession, tenant: str, caller: Caller, betaling_id: uuid.UUID, lock: bool) -> Betaling:
    query = select(Betaling).where(Betaling.tenant == tenant, Betaling.id == betaling_id)
    betaling = await session.scalar(query.with_for_update() if lock else query)
    if betaling is None:
        raise NotFound(f"Betaling {betaling_id} does not exist in {tenant}.")
    caller.require_own(betaling.partner, "payment")
    return betaling


async def get_betaling(session: AsyncSession, tenant: str, caller: Caller, betaling_id: uuid.UUID) -> Betaling:
    return await _visible(session, tenant, caller, betaling_id, lock=False)


def _may_move(caller: Caller, status: str) -> None:
    """Refuse (403) a step that is another role's, whichever payment it is about."""
    if caller.rol not in MAY_MOVE[status]:
        raise Forbidden(
            f"The role {caller.rol!r} may not mark a payment {status} "
            f"(that is for: {', '.join(sorted(MAY_MOVE[status]))}).",
            code="rol_niet_toegestaan",
        )


def _segregated(betaling: Betaling, caller: Caller, status: str) -> None:
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


def _check_move(betaling: Betaling, data: schemas.BetalingStatusCreate) -> None:
    """Refuse a step that does not follow the payment's status (409), or a cancellation without a reason. Who may take
    the step is checked before the payment is looked up (`_may_move`)."""
    if data.status not in MOVES[betaling.status]:
        allowed = ", ".join(sorted(MOVES[betaling.status])) or "nothing"
        raise Conflict(
            f"Payment {betaling.id} is {betaling.status}; it cannot become {data.status} (only: {allowed}).",
            code="ongeldige_overgang",
        )
    if data.status == "geannuleerd" and not data.reden:
        raise unprocessable("reden", "a cancellation says why", "required")


async def _apply(session: AsyncSession, betaling: Betaling, caller: Caller, data: schemas.BetalingStatusCreate) -> None:
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
    await _announce(session, betaling)


async def move(
    session: AsyncSession, tenant: str, caller: Caller, betaling_id: uuid.UUID, data: schemas.BetalingStatusCreate
) -> Betaling:
    """One step of one payment, by the role whose step it is, in the order of `MOVES`."""
    caller.require_staff("change a payment")
    _may_move(caller, data.status)
    betaling = await _visible(session, tenant, caller, betaling_id, lock=True)
    _check_move(betaling, data)
    _segregated(betaling, caller, data.status)
    await _apply(session, betaling, caller, data)
    return betaling


BANK_RUN_COLUMNS = ("betalingid", "status", "bedrag")
BANK_RUN_STEPS = ("verzonden", "betaald")
#: Who may book a bank run: whoever may take both of its steps.
BANK_RUN_ROLES = MAY_MOVE["verzonden"] & MAY_MOVE["betaald"]


async def bank_run(session: AsyncSession, tenant: str, caller: Caller, text: str) -> list[Betaling]:
    """The subsidy administration's bank run as CSV (Dutch Excel or plain): columns `betalingId`, `status`
    (`verzonden` or `betaald`), `bedrag` (euros, checked against the ledger), optional `datum` and `kenmerk`. All lines
    or none: every refusal names its line and column."""
    if caller.rol not in BANK_RUN_ROLES:
        raise Forbidden(f"The role {caller.rol!r} may not book a bank run.", code="rol_niet_toegestaan")
    header, rows = tabular.rows_of(text)
    missing = [c for c in BANK_RUN_COLUMNS if c not in header]
    if missing:
        raise unprocessable("header", f"the file needs the columns {', '.join(BANK_RUN_COLUMNS)}", "missing_columns")
    problems: list[InvalidParam] = []
    planned: list[tuple[Betaling, schemas.BetalingStatusCreate]] = []
    seen: set[uuid.UUID] = set()

    def fail(line: int, column: str, reason: str, code: str) -> None:
        problems.append(InvalidParam(name=f"regels[{line}].{column}", code=code, reason=reason))

    for line, row in rows:
        try:
            betaling_id = uuid.UUID(row.get("betalingid", ""))
        except ValueError:
            fail(line, "betalingId", f"{row.get('betalingid')!r} is not a payment id", "invalid")
            continue
        if betaling_id in seen:
            fail(line, "betalingId", "the same payment twice in one run", "duplicate")
            continue
        seen.add(betaling_id)
        betaling = await session.scalar(
            select(Betaling).where(Betaling.tenant == tenant, Betaling.id == betaling_id).with_for_update()
        )
        if betaling is None:
            fail(line, "betalingId", f"there is no payment {betaling_id} in {tenant}", "unknown")
            continue
        status = row.get("status", "").lower()
        if status not in BANK_RUN_STEPS:
            fail(line, "status", "a bank run marks payments `verzonden` or `betaald`", "invalid")
            continue
        try:
            amount = tabular.cents(row.get("bedrag", ""))
            datum = tabular.day(row["datum"]) if row.get("datum") else None
        except ValueError as exc:
            fail(line, "datum" if "date" in str(exc) else "bedrag", str(exc), "invalid")
            continue
        if amount != betaling.bedrag_cent:
            fail(line, "bedrag", f"the ledger says {betaling.bedrag_cent} cents, the file {amount}", "differs")
            continue
        try:
            data = schemas.BetalingStatusCreate(status=status, datum=datum, kenmerk=row.get("kenmerk") or None)
        except ValidationError as exc:  # e.g. a reference longer than a bank's: refused on its line, never a 500
            problems.extend(line_params(exc, line))
            continue
        try:
            _check_move(betaling, data)
        except Conflict as exc:
            fail(line, "status", exc.detail, "ongeldige_overgang")
            continue
        try:
            _segregated(betaling, caller, data.status)
        except Conflict as exc:
            fail(line, "status", exc.detail, "functiescheiding")
            continue
        planned.append((betaling, data))
    if problems or not planned:
        raise Unprocessable(
            f"The bank run was not booked: {len(problems)} line(s) refused." if problems else "The file has no lines.",
            code="bankrun_geweigerd",
            invalid_params=problems or [InvalidParam(name="regels", code="empty", reason="no lines")],
        )
    for betaling, data in planned:
        await _apply(session, betaling, caller, data)
    return [b for b, _ in planned]


# --- reading ---------------------------------------------------------------------------------------------------------


def read(betaling: Betaling, vandaag: date | None = None) -> schemas.BetalingRead:
    due = betaling.status in OPEN and betaling.vervaldatum <= (vandaag or today())
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
    query = select(Betaling).where(Betaling.tenant == tenant)
    if caller.is_partner:
        query = query.where(Betaling.partner == caller.organisatie)
    if aanvraag_id:
        query = query.where(Betaling.aanvraag_id == aanvraag_id)
    if status:
        query = query.where(Betaling.status == status)
    if soort:
        query = query.where(Betaling.soort == soort)
    if opeisbaar is not None:
        due = and_(Betaling.status.in_(OPEN), Betaling.vervaldatum <= today())
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


async def sisa(session: AsyncSession, tenant: str, jaar: int | None) -> list[schemas.SisaRegel]:
    """Per SiSa code and subsidy year: grants in force, paid out, reclaims decided and received, settled — the
    ledger's own sums (grants without a SiSa code are not in it)."""

    def total(condition: Any) -> Any:
        return func.coalesce(func.sum(case((condition, Betaling.bedrag_cent), else_=0)), 0)

    ledger = (
        select(
            Betaling.sisa_code,
            Betaling.jaar,
            total(Betaling.soort.in_(PAYOUTS) & (Betaling.status == "betaald")).label("betaald"),
            total((Betaling.soort == "terugvordering") & (Betaling.status != "geannuleerd")).label("teruggevorderd"),
            total((Betaling.soort == "terugvordering") & (Betaling.status == "betaald")).label("terugontvangen"),
        )
        .where(Betaling.tenant == tenant, Betaling.sisa_code.is_not(None))
        .group_by(Betaling.sisa_code, Betaling.jaar)
    )
    if jaar:
        ledger = ledger.where(Betaling.jaar == jaar)
    sums = {(r.sisa_code, r.jaar): r for r in await session.execute(ledger)}
    decisions = await session.execute(
        select(Besluit.sisa_code, Besluit.periode, Besluit.soort, func.count(), func.sum(Besluit.bedrag_cent))
        .join(Aanvraag, Aanvraag.id == Besluit.aanvraag_id)
        .where(
            Besluit.tenant == tenant,
            Besluit.sisa_code.is_not(None),
            Besluit.soort.in_(("toekenning", "vaststelling")),
            Aanvraag.status != "ingetrokken",
        )
        .group_by(Besluit.sisa_code, Besluit.periode, Besluit.soort)
    )
    per: dict[tuple[str, int], dict[str, int]] = {}
    for code, periode, soort, count, cent in decisions:
        if not (periode and periode[:4].isdigit()) or (jaar and int(periode[:4]) != jaar):
            continue
        row = per.setdefault((code, int(periode[:4])), {"aantal": 0, "toekenning": 0, "vaststelling": 0})
        row[soort] += int(cent or 0)
        if soort == "toekenning":
            row["aantal"] += count
    result = []
    for key in sorted(set(per) | set(sums)):
        decided, booked = per.get(key, {}), sums.get(key)
        result.append(
            schemas.SisaRegel(
                sisa_code=key[0],
                jaar=key[1],
                aantal_toekenningen=decided.get("aantal", 0),
                toegekend_cent=decided.get("toekenning", 0),
                betaald_cent=int(booked.betaald) if booked else 0,
                teruggevorderd_cent=int(booked.teruggevorderd) if booked else 0,
                terugontvangen_cent=int(booked.terugontvangen) if booked else 0,
                vastgesteld_cent=decided.get("vaststelling", 0),
            )
        )
    return result


SISA_COLUMNS = (
    "SiSa-code",
    "Jaar",
    "Aantal toekenningen",
    "Toegekend",
    "Betaald",
    "Teruggevorderd",
    "Terugontvangen",
    "Vastgesteld",
)


def sisa_csv(rows: list[schemas.SisaRegel]) -> str:
    """The SiSa figures as Dutch Excel reads them: `;`-separated, amounts in euros with a decimal comma."""
    lines = []
    for r in rows:
        amounts = (r.toegekend_cent, r.betaald_cent, r.teruggevorderd_cent, r.terugontvangen_cent, r.vastgesteld_cent)
        lines.append([r.sisa_code, r.jaar, r.aantal_toekenningen, *map(tabular.euros, amounts)])
    return tabular.excel_csv([SISA_COLUMNS, *lines])


# --- falling due -----------------------------------------------------------------------------------------------------


async def announce_due(session: AsyncSession, vandaag: date | None = None, limit: int = 500) -> int:
    """Announce, once each, the payments whose day has come and that are not sent yet; several workers may run this
    at once (rows are claimed with SKIP LOCKED)."""
    due = list(
        await session.scalars(
            select(Betaling)
            .where(
                Betaling.status.in_(OPEN),
                Betaling.vervaldatum <= (vandaag or today()),
                Betaling.opeisbaar_gemeld_op.is_(None),
            )
            .order_by(Betaling.vervaldatum)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )
    for betaling in due:
        betaling.opeisbaar_gemeld_op = datetime.now(UTC)
        await _announce(session, betaling, status="opeisbaar")
    await session.flush()
    return len(due)


def due_payments_loop(interval: float):  # noqa: ANN201  (a worker background loop)
    """The worker's loop that announces falling-due payments every `interval` seconds."""

    async def loop(database: Database, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                async with database.sessionmaker() as session, session.begin():
                    count = await announce_due(session)
                if count:
                    log.info("payments_due_announced", count=count)
            except Exception as exc:  # the database away: try again next round
                log.warning("payments_due_failed", error=str(exc) or repr(exc))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=interval)

    return loop
