"""Accountability reports (verantwoording) and the settlement (vaststelling) of a grant."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common import indicatorwaarden
from stuurcyclus_common.contracts import gesprekstafels as events
from stuurcyclus_common.deadlines import is_past
from stuurcyclus_common.errors import Conflict, InvalidParam, NotFound, Unprocessable
from stuurcyclus_common.identity import Caller, partner_scope
from stuurcyclus_common.pagination import PageParams, paginate
from stuurcyclus_common.versioning import check_version

from ..aanvragen.schemas import Terugsturing
from ..aanvragen.service import get_aanvraag, transition, who
from ..besluiten.service import decide
from ..betalingen import ledger
from ..mandaten import service as mandaten
from ..models import Aanvraag, Besluit, Besluitvoorstel, Bijlage, Verantwoording, VerantwoordingVersie
from ..shared.rules import emit, unprocessable
from . import regime, schemas, statuses
from .statuses import VerantwoordingStatus


async def toekenningsbesluit(session: AsyncSession, aanvraag: Aanvraag) -> Besluit | None:
    return await session.scalar(
        select(Besluit).where(Besluit.aanvraag_id == aanvraag.id, Besluit.soort == "toekenning")
    )


def _check_values(aanvraag: Aanvraag, data: schemas.VerantwoordingCreate) -> list[dict[str, str]]:
    """The report's indicator values by the rules indicatoren will apply (one place: `indicatorwaarden`), and only
    indicators the grant committed to: every reason at once, before the report's state is looked at, so a retry
    after a mistake sees its real errors (not "already exists")."""
    values = [
        {**v.model_dump(mode="json"), "waarde": str(Decimal(v.waarde.replace(",", ".")))} for v in data.indicatorwaarden
    ]
    found = [
        InvalidParam(
            name=f"indicatorwaarden[{index}].indicator",
            code="not_committed",
            reason=f"{value['indicator']!r} is not an indicator this grant committed to ({aanvraag.indicatoren})",
        )
        for index, value in enumerate(values)
        if value["indicator"] not in aanvraag.indicatoren
    ] + indicatorwaarden.refusals(values, gemeente=aanvraag.tenant)
    if found:
        found.sort(key=lambda p: p.name)
        raise Unprocessable(
            f"{len(found)} value(s) refused, first {found[0].name}: {found[0].reason}. Nothing was saved.",
            code=found[0].code,
            invalid_params=found,
        )
    return values


async def _grant_of(session: AsyncSession, aanvraag: Aanvraag) -> Besluit:
    besluit = await toekenningsbesluit(session, aanvraag)
    if aanvraag.status not in ("toegekend", "vastgesteld") or besluit is None:
        raise Conflict(
            f"There is no grant to account for: the application is {aanvraag.status}.", code="geen_toekenning"
        )
    return besluit


async def _report_of(session: AsyncSession, aanvraag: Aanvraag, *, lock: bool = False) -> Verantwoording | None:
    query = select(Verantwoording).where(
        Verantwoording.tenant == aanvraag.tenant, Verantwoording.aanvraag_id == aanvraag.id
    )
    return await session.scalar(query.with_for_update() if lock else query)


def _move(report: Verantwoording, naar: VerantwoordingStatus) -> None:
    if not statuses.may_move(report.status, naar):
        allowed = statuses.TRANSITIONS[VerantwoordingStatus(report.status)]
        raise Conflict(
            f"The accountability report is {report.status}; it cannot become {naar}"
            f" (from {report.status} only: {', '.join(sorted(allowed)) or 'nothing'}).",
            code="ongeldige_overgang",
        )
    report.status = naar


async def _log(session: AsyncSession, report: Verantwoording, caller: Caller, reden: str | None = None) -> None:
    inhoud = {
        "activiteiten": report.activiteiten,
        "besteedCent": report.besteed_cent,
        "indicatorwaarden": report.indicatorwaarden,
        "toelichting": report.toelichting,
    }
    session.add(
        VerantwoordingVersie(
            tenant=report.tenant,
            verantwoording_id=report.id,
            versie=report.versie,
            status=report.status,
            inhoud=inhoud,
            door=who(caller),
            reden=reden,
        )
    )
    await session.flush()


async def submit_report(
    session: AsyncSession, tenant: str, caller: Caller, *, aanvraag_id: uuid.UUID, data: schemas.VerantwoordingCreate
) -> Verantwoording:
    """The first report on a grant, or a new one after the partner withdrew it."""
    aanvraag = await get_aanvraag(session, tenant, caller, aanvraag_id=aanvraag_id, lock=True)
    besluit = await _grant_of(session, aanvraag)
    values = _check_values(aanvraag, data)
    report = await _report_of(session, aanvraag, lock=True)
    if report is not None and report.status != VerantwoordingStatus.INGETROKKEN:
        raise Conflict(
            f"This grant has its accountability report already (version {report.versie}, {report.status}); "
            f"replace it with PUT /aanvragen/{aanvraag.id}/verantwoording.",
            code="bestaat_al",
        )
    if report is None:
        report = Verantwoording(tenant=tenant, aanvraag_id=aanvraag.id, partner=aanvraag.partner, versie=1)
        report.status = VerantwoordingStatus.INGEDIEND
        session.add(report)
    else:
        _move(report, VerantwoordingStatus.INGEDIEND)
        report.versie += 1
    return await _write(session, report, besluit, data, values, caller)


async def replace_report(
    session: AsyncSession,
    tenant: str,
    caller: Caller,
    *,
    aanvraag_id: uuid.UUID,
    data: schemas.VerantwoordingCreate,
    if_match: int | None,
) -> Verantwoording:
    """A new version of the report, until staff assess it: the old one stays readable in its history, and the
    measurements it delivered are corrected as new versions in indicatoren."""
    aanvraag = await get_aanvraag(session, tenant, caller, aanvraag_id=aanvraag_id, lock=True)
    besluit = await _grant_of(session, aanvraag)
    values = _check_values(aanvraag, data)
    report = await _report_of(session, aanvraag, lock=True)
    if report is None:
        raise NotFound("This grant has no accountability report to replace; submit one with POST.")
    if if_match is not None:
        check_version(report, if_match)
    if report.status not in statuses.CHANGEABLE:
        raise Conflict(
            f"The accountability report is {report.status}: only a report that is "
            f"{' or '.join(statuses.CHANGEABLE)} can be replaced.",
            code="ongeldige_overgang",
        )
    _move(report, VerantwoordingStatus.INGEDIEND)
    report.versie += 1
    return await _write(session, report, besluit, data, values, caller)


async def _write(
    session: AsyncSession,
    report: Verantwoording,
    besluit: Besluit,
    data: schemas.VerantwoordingCreate,
    values: list[dict[str, str]],
    caller: Caller,
) -> Verantwoording:
    report.activiteiten = [a.model_dump(mode="json", by_alias=True) for a in data.activiteiten]
    report.besteed_cent = data.besteed_cent
    report.indicatorwaarden = values
    report.toelichting = data.toelichting
    due = report.uiterlijk or besluit.verantwoording_uiterlijk
    report.te_laat = bool(due and is_past(due))
    report.ingediend_op = datetime.now(UTC)
    report.metingen = "in_behandeling" if values else None
    report.weigeringen = []
    report.reden = None
    await session.flush()
    await _log(session, report, caller)
    event = events.VerantwoordingIngediend(
        verantwoordingId=report.id,
        aanvraagId=report.aanvraag_id,
        partner=report.partner,
        indicatorwaarden=[events.Indicatorwaarde(**v) for v in values],
        versie=report.versie,
    )
    await emit(session, report.tenant, event, report.aanvraag_id)
    return report


async def withdraw_report(
    session: AsyncSession, tenant: str, caller: Caller, *, aanvraag_id: uuid.UUID, reden: str | None
) -> Verantwoording:
    return await _decide_on(session, tenant, caller, aanvraag_id, VerantwoordingStatus.INGETROKKEN, reden=reden)


async def return_report(
    session: AsyncSession, tenant: str, caller: Caller, *, aanvraag_id: uuid.UUID, data: Terugsturing
) -> Verantwoording:
    if data.uiterlijk is not None and is_past(data.uiterlijk):
        raise unprocessable("uiterlijk", "a new deadline lies today or later (Europe/Amsterdam)", "in_verleden")
    return await _decide_on(
        session,
        tenant,
        caller,
        aanvraag_id,
        VerantwoordingStatus.TERUGGESTUURD,
        reden=data.reden,
        uiterlijk=data.uiterlijk,
    )


async def assess_report(
    session: AsyncSession, tenant: str, caller: Caller, *, aanvraag_id: uuid.UUID, reden: str | None
) -> Verantwoording:
    aanvraag = await get_aanvraag(session, tenant, caller, aanvraag_id=aanvraag_id)
    report, granted = await _report_of(session, aanvraag), await toekenningsbesluit(session, aanvraag)
    if report is not None and granted is not None:
        await _auditor_statement(session, granted, report)
    return await _decide_on(session, tenant, caller, aanvraag_id, VerantwoordingStatus.BEOORDEELD, reden=reden)


async def _decide_on(
    session: AsyncSession,
    tenant: str,
    caller: Caller,
    aanvraag_id: uuid.UUID,
    naar: VerantwoordingStatus,
    *,
    reden: str | None,
    uiterlijk: date | None = None,
) -> Verantwoording:
    aanvraag = await get_aanvraag(session, tenant, caller, aanvraag_id=aanvraag_id, lock=True)
    report = await _report_of(session, aanvraag, lock=True)
    if report is None:
        raise NotFound("This grant has no accountability report (yet).")
    _move(report, naar)
    report.reden = reden
    if naar is VerantwoordingStatus.TERUGGESTUURD:
        report.uiterlijk = uiterlijk
    await session.flush()
    await _log(session, report, caller, reden)
    await _announce(session, report)
    return report


async def _auditor_statement(session: AsyncSession, granted: Besluit, report: Verantwoording) -> None:
    """A grant whose tier asks a financial report is assessed and settled only with an auditor's statement attached."""
    if granted.verantwoordingsvorm != regime.V.FINANCIEEL_VERSLAG:
        return
    found = await session.scalar(
        select(Bijlage.id).where(
            Bijlage.aanvraag_id == report.aanvraag_id,
            Bijlage.onderwerp == "verantwoording",
            Bijlage.soort == regime.AUDITOR,
        )
    )
    if found is None:
        raise Conflict(
            "This grant's tier asks a financial report with an auditor's statement: attach it "
            f"(POST /aanvragen/{report.aanvraag_id}/verantwoording/bijlagen?soort={regime.AUDITOR}).",
            code="accountantsverklaring_ontbreekt",
        )


async def _announce(session: AsyncSession, report: Verantwoording) -> None:
    kind = {
        VerantwoordingStatus.TERUGGESTUURD: events.VerantwoordingTeruggestuurd,
        VerantwoordingStatus.INGETROKKEN: events.VerantwoordingIngetrokken,
        VerantwoordingStatus.BEOORDEELD: events.VerantwoordingBeoordeeld,
    }[VerantwoordingStatus(report.status)]
    extra = (
        {"uiterlijk": report.uiterlijk.isoformat() if report.uiterlijk else None}
        if kind is events.VerantwoordingTeruggestuurd
        else {}
    )
    event = kind(
        verantwoordingId=report.id,
        aanvraagId=report.aanvraag_id,
        partner=report.partner,
        versie=report.versie,
        status=VerantwoordingStatus(report.status),
        reden=report.reden,
        **extra,
    )
    await emit(session, report.tenant, event, report.aanvraag_id)


async def get_report(session: AsyncSession, tenant: str, caller: Caller, aanvraag_id: uuid.UUID) -> Verantwoording:
    aanvraag = await get_aanvraag(session, tenant, caller, aanvraag_id=aanvraag_id)
    report = await _report_of(session, aanvraag)
    if report is None:
        raise NotFound("This application has no accountability report (yet).")
    return report


async def report_history(
    session: AsyncSession, tenant: str, caller: Caller, aanvraag_id: uuid.UUID
) -> list[VerantwoordingVersie]:
    report = await get_report(session, tenant, caller, aanvraag_id)
    return list(
        await session.scalars(
            select(VerantwoordingVersie)
            .where(VerantwoordingVersie.tenant == tenant, VerantwoordingVersie.verantwoording_id == report.id)
            .order_by(VerantwoordingVersie.id)
        )
    )


async def list_reports(
    session: AsyncSession,
    tenant: str,
    caller: Caller,
    params: PageParams,
    *,
    status: str | None,
    metingen: str | None,
    partner: str | None,
) -> tuple[int, list[Verantwoording]]:
    """Reports of the municipality (a partner: its own), newest first; `metingen=geweigerd` is staff's list of reports
    whose values indicatoren refused."""
    query = select(Verantwoording).where(Verantwoording.tenant == tenant, partner_scope(caller, Verantwoording.partner))
    filters = ((Verantwoording.status, status), (Verantwoording.metingen, metingen), (Verantwoording.partner, partner))
    for column, value in filters:
        if value is not None:
            query = query.where(column == value)
    return await paginate(session, query.order_by(Verantwoording.ingediend_op.desc(), Verantwoording.id), params)


async def on_answer(
    session: AsyncSession,
    tenant: str,
    *,
    verantwoording_id: uuid.UUID,
    versie: int,
    uitkomst: str,
    weigeringen: list[dict[str, str]],
) -> None:
    """indicatoren's answer on a version of a report: kept on the report (an answer to an older version is history)."""
    report = await session.scalar(
        select(Verantwoording)
        .where(Verantwoording.tenant == tenant, Verantwoording.id == verantwoording_id)
        .with_for_update()
    )
    if report is None or report.versie != versie:
        return
    report.metingen = uitkomst
    report.weigeringen = weigeringen


async def settle(
    session: AsyncSession, tenant: str, caller: Caller, aanvraag_id: uuid.UUID, data: schemas.VaststellingCreate
) -> Besluit | Besluitvoorstel:
    """*Vaststelling*: the final amount, at most the grant; the difference is released in financien, and set against
    what was paid out (a final payment or a reclaim). Above the decider's mandate it waits for a second decider."""
    aanvraag = await get_aanvraag(session, tenant, caller, aanvraag_id=aanvraag_id, lock=True)
    final = await _final_amount(session, aanvraag, data.bedrag_cent)
    gegevens = data.model_dump(mode="json", by_alias=True, exclude_unset=True) | {"bedragCent": final}
    return await mandaten.decide_or_wait(
        session,
        caller,
        aanvraag,
        soort="vaststelling",
        bedrag_cent=final,
        gegevens=gegevens,
        execute=execute_settlement,
    )


async def _final_amount(session: AsyncSession, aanvraag: Aanvraag, asked: int | None) -> int:
    granted = await toekenningsbesluit(session, aanvraag)
    report = await _report_of(session, aanvraag)
    owed = regime.report_due(granted.verantwoordingsvorm if granted else None)
    if aanvraag.status == "toegekend" and owed and (report is None or report.status not in statuses.SETTLEABLE):
        state = "has not arrived" if report is None else f"is {report.status}"
        raise Conflict(f"A grant is settled on its accountability report, which {state}.", code="geen_verantwoording")
    if aanvraag.status == "toegekend" and granted is not None and report is not None:
        await _auditor_statement(session, granted, report)
    if aanvraag.status != "toegekend":
        await transition(session, aanvraag, "vastgesteld", door="gemeente")  # raises the reason
    toegekend = (granted.bedrag_cent or 0) if granted else 0
    spent = report.besteed_cent if report else toegekend  # no report owed: settled at the grant's amount
    final = asked if asked is not None else min(toegekend, spent)
    if final > toegekend:
        raise unprocessable("bedragCent", f"the final amount cannot exceed the grant of {toegekend} cents", "te_groot")
    return final


async def execute_settlement(
    session: AsyncSession,
    aanvraag: Aanvraag,
    gegevens: dict[str, Any],
    besluitvormers: list[dict],
    besluit_id: uuid.UUID | None,
) -> Besluit:
    data = schemas.VaststellingCreate.model_validate(gegevens)
    final = await _final_amount(session, aanvraag, data.bedrag_cent)
    granted = await toekenningsbesluit(session, aanvraag)
    await transition(session, aanvraag, "vastgesteld", door="gemeente")
    report = await _report_of(session, aanvraag, lock=True)
    if report is not None and report.status == VerantwoordingStatus.INGEDIEND:
        report.status = VerantwoordingStatus.BEOORDEELD  # settled on it: it no longer changes
        await session.flush()
        await _announce(session, report)
    toegekend = (granted.bedrag_cent or 0) if granted else 0
    terug = toegekend - final
    toelichting = data.toelichting or (
        f"Vastgesteld op {final} cent; {terug} cent van de toekenning vervalt." if terug else None
    )
    besluit = await decide(
        session,
        aanvraag,
        "vaststelling",
        besluit_id=besluit_id,
        toelichting=toelichting,
        bedrag_cent=final,
        periode=granted.periode if granted else None,
        voorwaarden=[],
        prestaties=[],
        besluitvormers=besluitvormers,
        sisa_code=granted.sisa_code if granted else None,
    )
    if granted is not None:
        await ledger.reckon(session, aanvraag, granted, besluit=besluit, final_cent=final)
    event = events.ToekenningVastgesteld(
        aanvraagId=aanvraag.id,
        partner=aanvraag.partner,
        toegekendCent=toegekend,
        vastgesteldCent=final,
        terugvorderingCent=terug,
    )
    await emit(session, aanvraag.tenant, event, aanvraag.id)
    return besluit
