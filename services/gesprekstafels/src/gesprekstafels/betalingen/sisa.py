"""SiSa: per regulation code and subsidy year: granted, paid, reclaimed and settled, for the annual accounts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common import tabular

from ..models import Aanvraag, Besluit, Betaling
from . import schemas
from .steps import PAYOUTS


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
    per: dict[tuple[str | None, int], dict[str, int]] = {}
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
