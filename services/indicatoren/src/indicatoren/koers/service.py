"""Rules of the course: judged within one definition, announced when it changes."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.contracts.indicatoren import (
    KoersGewijzigd,
    Prognosepunt,
    Punt,
    Reeks,
    ReeksenBijgewerkt,
    WijkPunt,
)
from stuurcyclus_common.events import record_event
from stuurcyclus_common.identity import Caller
from stuurcyclus_common.snapshots import next_versions

from ..metingen.service import plain
from ..models import EVENTS, SNAPSHOT_VERSIONS, Indicator, KoersStand, Meting, Prognose
from ..shared.provenance import measurements_for
from . import trends
from .schemas import KoersOverzicht, KoersRead


async def courses(
    session: AsyncSession, tenant: str, indicators: list[Indicator], *, gebied: str, caller: Caller | None = None
) -> list[KoersRead]:
    """The course of each indicator in `gebied`, over the current values of its most recent kind of period."""
    series: dict[uuid.UUID, list[Meting]] = {i.id: [] for i in indicators}
    if indicators:
        rows = await session.scalars(
            select(Meting)
            .where(
                Meting.tenant == tenant,
                Meting.actueel,
                Meting.gebied == gebied,
                Meting.indicator_id.in_(list(series)),
                measurements_for(caller),
            )
            .order_by(Meting.indicator_id, Meting.periode_start, Meting.periode_soort)
        )
        for row in rows:
            series[row.indicator_id].append(row)
    result = []
    for indicator in indicators:
        points = series[indicator.id]
        kind = points[-1].periode_soort if points else None
        points = [p for p in points if p.periode_soort == kind]
        labels = [trends.definition_of(indicator.definities or [], p.periode_start) for p in points]
        koers, judged = trends.within_one_definition(indicator.richting, [p.waarde for p in points], labels)
        result.append(
            KoersRead(
                indicator=indicator.code,
                naam=indicator.naam,
                richting=indicator.richting,
                verwachting=indicator.verwachting,
                gebied=gebied,
                periodeSoort=kind,
                van=points[0].periode if points else None,
                tot=points[-1].periode if points else None,
                status=koers.status,
                reden=koers.reden,
                punten=koers.punten,
                eerste=koers.eerste,
                laatste=koers.laatste,
                verandering=koers.verandering,
                veranderingRelatief=koers.verandering_relatief,
                helling=koers.helling,
                reeks=[(p.periode, p.waarde) for p in points],
                definities=labels,
            )
        )
    return result


async def track_overview(
    session: AsyncSession, tenant: str, spoor: int, *, gebied: str, caller: Caller | None = None
) -> KoersOverzicht:
    indicators = list(
        await session.scalars(
            select(Indicator)
            .where(Indicator.tenant == tenant, Indicator.spoor_nummer == spoor)
            .order_by(Indicator.code)
        )
    )
    rows = await courses(session, tenant, indicators, gebied=gebied, caller=caller)
    summary = {
        status: 0 for status in ("op-koers", "uit-koers", "onvoldoende-data", "geen-verwachting", "niet-vergelijkbaar")
    }
    for row in rows:
        summary[row.status] += 1
    return KoersOverzicht(spoorNummer=spoor, gebied=gebied, samenvatting=summary, indicatoren=rows)


async def announce_course_changes(session: AsyncSession, tenant: str, indicator_ids: list[uuid.UUID]) -> int:
    """Re-judge the municipality-wide course of these indicators; announce each one that changed. Returns how many."""
    indicators = list(await session.scalars(select(Indicator).where(Indicator.id.in_(indicator_ids))))
    if not indicators:
        return 0
    previous = dict(
        (
            await session.execute(
                select(KoersStand.indicator_id, KoersStand.status).where(
                    KoersStand.indicator_id.in_(indicator_ids), KoersStand.gebied == tenant
                )
            )
        ).all()
    )
    changed = 0
    by_code = {i.code: i for i in indicators}
    judged = await courses(session, tenant, indicators, gebied=tenant)
    await _announce_series(session, tenant, judged)
    for koers in judged:
        indicator = by_code[koers.indicator]
        if previous.get(indicator.id) == koers.status:
            continue
        stmt = insert(KoersStand).values(tenant=tenant, indicator_id=indicator.id, gebied=tenant, status=koers.status)
        await session.execute(
            stmt.on_conflict_do_update(
                index_elements=["indicator_id", "gebied"], set_={"status": koers.status, "bijgewerkt_op": func.now()}
            )
        )
        event = KoersGewijzigd(
            indicator=indicator.code,
            gebied=tenant,
            van=previous.get(indicator.id),
            naar=koers.status,
            reden=koers.reden,
            helling=str(koers.helling) if koers.helling is not None else None,
        )
        await record_event(session, EVENTS, event, tenant=tenant, subject=indicator.code)
        changed += 1
    return changed


SERIES_PER_EVENT = 100
SERIES_POINTS = 8
WIJK_PERIODS = 2

#: Current values per wijk of the latest periods that have any, per indicator (the range on `gebied` uses the index
#: that leads with tenant, indicator and area).
_PER_WIJK = text(
    f"""
SELECT code, periode, gebied, waarde FROM (
    SELECT i.code, m.periode, m.gebied, m.waarde,
           dense_rank() OVER (PARTITION BY m.indicator_id ORDER BY m.periode_start DESC, m.periode) AS r
    FROM indicatoren.meting m JOIN indicatoren.indicator i ON i.id = m.indicator_id
    WHERE m.tenant = :tenant AND m.actueel AND m.gebied >= 'WK' AND m.gebied < 'WL' AND i.tenant = :tenant
      AND i.code = ANY(:codes)
) ranked WHERE r <= {WIJK_PERIODS} ORDER BY code, periode, gebied
"""
)


async def _per_wijk(session: AsyncSession, tenant: str, codes: list[str]) -> dict[str, list[WijkPunt]]:
    found: dict[str, list[WijkPunt]] = {}
    for code, periode, gebied, waarde in await session.execute(_PER_WIJK, {"tenant": tenant, "codes": codes}):
        found.setdefault(code, []).append(WijkPunt(periode=periode, gebied=gebied, waarde=plain(waarde)))
    return found


async def _announce_series(session: AsyncSession, tenant: str, judged: list[KoersRead]) -> None:
    """The municipality-wide series and course of each indicator a write touched (the half-year report keeps them)."""
    versions = await next_versions(session, SNAPSHOT_VERSIONS, tenant, [f"reeks:{k.indicator}" for k in judged])
    forecasts: dict[str, list[Prognosepunt]] = {}
    for code, periode, waarde, scenario, bron in await session.execute(
        select(Indicator.code, Prognose.periode, Prognose.waarde, Prognose.scenario, Prognose.bron)
        .join(Indicator, Indicator.id == Prognose.indicator_id)
        .where(Prognose.tenant == tenant, Prognose.gebied == tenant, Indicator.code.in_([k.indicator for k in judged]))
        .order_by(Prognose.periode, Prognose.scenario)
    ):
        point = Prognosepunt(periode=periode, waarde=plain(waarde), scenario=scenario or None, bron=bron)
        forecasts.setdefault(code, []).append(point)
    wijkwaarden = await _per_wijk(session, tenant, [k.indicator for k in judged])
    reeksen = [
        Reeks(
            indicator=k.indicator,
            gebied=k.gebied,
            koers=k.status,
            reden=k.reden,
            waarden=[
                Punt(periode=p, waarde=plain(w), definitie=d)
                for (p, w), d in list(zip(k.reeks, k.definities or [None] * len(k.reeks), strict=True))[-SERIES_POINTS:]
            ],
            prognoses=forecasts.get(k.indicator, []),
            wijkwaarden=wijkwaarden.get(k.indicator, []),
            versie=versions[f"reeks:{k.indicator}"],
        )
        for k in judged
    ]
    for start in range(0, len(reeksen), SERIES_PER_EVENT):
        batch = ReeksenBijgewerkt(reeksen=reeksen[start : start + SERIES_PER_EVENT])
        await record_event(session, EVENTS, batch, tenant=tenant)
