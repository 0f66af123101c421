"""Accountability reports (verantwoording) and the settlement (vaststelling) of a grant."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.contracts import gesprekstafels as events
from stuurcyclus_common.deadlines import is_past
from stuurcyclus_common.errors import Conflict, NotFound
from stuurcyclus_common.identity import Caller

from ..aanvragen.service import get_aanvraag, transition
from ..besluiten.service import decide
from ..betalingen import ledger
from ..mandaten import service as mandaten
from ..models import Aanvraag, Besluit, Besluitvoorstel, Verantwoording
from ..shared.rules import emit, unprocessable
from . import schemas


async def toekenningsbesluit(session: AsyncSession, aanvraag: Aanvraag) -> Besluit | None:
    return await session.scalar(
        select(Besluit).where(Besluit.aanvraag_id == aanvraag.id, Besluit.soort == "toekenning")
    )


async def submit_report(
    session: AsyncSession, tenant: str, caller: Caller, *, aanvraag_id: uuid.UUID, data: schemas.VerantwoordingCreate
) -> Verantwoording:
    aanvraag = await get_aanvraag(session, tenant, caller, aanvraag_id=aanvraag_id, lock=True)
    besluit = await toekenningsbesluit(session, aanvraag)
    if aanvraag.status not in ("toegekend", "vastgesteld") or besluit is None:
        raise Conflict(
            f"There is no grant to account for: the application is {aanvraag.status}.", code="geen_toekenning"
        )
    if await session.scalar(select(Verantwoording.id).where(Verantwoording.aanvraag_id == aanvraag.id)):
        raise Conflict("This grant has its accountability report already.", code="already_exists")
    for index, value in enumerate(data.indicatorwaarden):
        if value.indicator not in aanvraag.indicatoren:
            raise unprocessable(
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
    await emit(session, tenant, event, aanvraag.id)
    return report


async def get_report(session: AsyncSession, tenant: str, caller: Caller, aanvraag_id: uuid.UUID) -> Verantwoording:
    aanvraag = await get_aanvraag(session, tenant, caller, aanvraag_id=aanvraag_id)
    report = await session.scalar(select(Verantwoording).where(Verantwoording.aanvraag_id == aanvraag.id))
    if report is None:
        raise NotFound("This application has no accountability report (yet).")
    return report


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
    report = await session.scalar(select(Verantwoording).where(Verantwoording.aanvraag_id == aanvraag.id))
    if aanvraag.status == "toegekend" and report is None:
        raise Conflict(
            "A grant is settled on its accountability report, which has not arrived.", code="geen_verantwoording"
        )
    if aanvraag.status != "toegekend":
        await transition(session, aanvraag, "vastgesteld", door="gemeente")  # raises the reason
    toegekend = (granted.bedrag_cent or 0) if granted else 0
    final = asked if asked is not None else min(toegekend, report.besteed_cent if report else 0)
    if final > toegekend:
        raise unprocessable("bedragCent", f"the final amount cannot exceed the grant of {toegekend} cents", "too_large")
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
