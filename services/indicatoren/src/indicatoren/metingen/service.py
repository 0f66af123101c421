"""Rules of measurements: periods, plain values, tables and weighted aggregates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common import perioden
from stuurcyclus_common.db import starts_with
from stuurcyclus_common.errors import InvalidInput, Unprocessable
from stuurcyclus_common.identity import Caller

from ..gebieden import service as gebieden
from ..models import Indicator, Meting
from ..shared.provenance import measurements_for
from .schemas import AggregaatRead, MetingRead, Tabel


def period_start(name: str, period: str) -> date:
    """The first day of a period given as a query key, or 400 naming the key (e.g. `van=0000`: no year 0)."""
    try:
        return perioden.parse(period)[1]
    except perioden.PeriodError as exc:
        raise InvalidInput.field(f"query.{name}", str(exc)) from None


def plain(value: Decimal) -> str:
    """A value as written, without trailing zeros and never in exponent notation (400, not 4E+2)."""
    return format(value.normalize(), "f")


def as_table(rows: list[MetingRead]) -> Tabel:
    headers = ["indicator", "periode", "gebied", "waarde", "herkomst", "versie"]
    return Tabel(
        headers=headers,
        rows=[[r.indicator, r.periode, r.gebied, plain(r.waarde), r.herkomst, str(r.versie)] for r in rows],
    )


async def aggregate(
    session: AsyncSession, tenant: str, indicator: Indicator, *, periode: str, niveau: str, caller: Caller | None = None
) -> list[AggregaatRead]:
    """Buurt values of a period added up to wijken or the municipality: a sum for counts, for averages and
    percentages a mean weighted by the denominator's value in each buurt (never a plain mean)."""
    if indicator.aggregatie == "geen":
        raise Unprocessable(f"Indicator {indicator.code!r} does not aggregate over areas.", code="niet_aggregeerbaar")
    noemer = None
    if indicator.aggregatie == "gewogen":
        noemer = await session.scalar(
            select(Indicator).where(Indicator.tenant == tenant, Indicator.code == indicator.noemer_code)
        )
        if noemer is None:
            raise Unprocessable(
                f"The denominator {indicator.noemer_code!r} of {indicator.code!r} is not an indicator here.",
                code="noemer_onbekend",
            )
    ids = [indicator.id] + ([noemer.id] if noemer else [])
    rows = await session.execute(
        select(Meting.indicator_id, Meting.gebied, Meting.waarde).where(
            Meting.tenant == tenant,
            Meting.actueel,
            Meting.periode == periode,
            starts_with(Meting.gebied, "BU"),
            Meting.indicator_id.in_(ids),
            measurements_for(caller),
        )
    )
    values: dict[str, Decimal] = {}
    weights: dict[str, Decimal] = {}
    for indicator_id, gebied, value in rows:
        (values if indicator_id == indicator.id else weights)[gebied] = value
    groups: dict[str, list[str]] = {}
    for buurt in values:
        key = f"WK{buurt[2:8]}" if niveau == "wijk" else f"GM{buurt[2:6]}"
        groups.setdefault(key, []).append(buurt)
    result = []
    for gebied, buurten in sorted(groups.items()):
        if noemer is None:
            waarde: Decimal | None = sum((values[b] for b in buurten), Decimal(0))
            used, missing = len(buurten), 0
        else:
            weighted = [b for b in buurten if b in weights]
            total = sum((weights[b] for b in weighted), Decimal(0))
            waarde = (sum((values[b] * weights[b] for b in weighted), Decimal(0)) / total) if total else None
            used, missing = len(weighted), len(buurten) - len(weighted)
        result.append(
            AggregaatRead(
                indicator=indicator.code,
                periode=periode,
                gebied=gebied,
                waarde=waarde.quantize(Decimal("0.000001")) if waarde is not None else None,
                methode=indicator.aggregatie,
                buurten=used,
                zonderNoemer=missing,
            )
        )
    named = await gebieden.names(session, tenant, {r.gebied for r in result})
    return [r.model_copy(update={"naam": named.get(r.gebied)}) for r in result]
