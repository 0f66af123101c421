"""Rules of the indicatoren service: indicator definitions and reading measurements."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common import perioden
from stuurcyclus_common.contracts.indicatoren import (
    IndicatorenVastgelegd,
    IndicatorSnapshot,
    KoersGewijzigd,
    Punt,
    Reeks,
    ReeksenBijgewerkt,
)
from stuurcyclus_common.db import starts_with
from stuurcyclus_common.errors import Conflict, InvalidInput, InvalidParam, NotFound, Unprocessable
from stuurcyclus_common.events import record_event
from stuurcyclus_common.gemeenten import area_belongs_to
from stuurcyclus_common.identity import Caller
from stuurcyclus_common.pagination import PageParams, paginate
from stuurcyclus_common.snapshots import next_versions

from . import gebieden, schemas, trends
from .models import EVENTS, SNAPSHOT_VERSIONS, Indicator, KoersStand, Meting, SpoorReferentie, Streefwaarde, Waarneming
from .provenance import measurements_for, observations_for


async def get_spoor_or_raise(*, session: AsyncSession, tenant: str, spoor_id: uuid.UUID) -> SpoorReferentie:
    spoor = await session.scalar(
        select(SpoorReferentie).where(SpoorReferentie.tenant == tenant, SpoorReferentie.spoor_id == spoor_id)
    )
    if spoor is None:
        raise NotFound(f"Spoor {spoor_id} is not known (yet) to indicatoren in {tenant}.")
    return spoor


async def list_indicators(
    session: AsyncSession, tenant: str, params: PageParams, *, spoor: int | None, dimensie: str | None
) -> tuple[int, list[Indicator]]:
    query = select(Indicator).where(Indicator.tenant == tenant)
    if spoor:
        query = query.where(Indicator.spoor_nummer == spoor)
    if dimensie:
        query = query.where(Indicator.dimensie == dimensie)
    return await paginate(session, query.order_by(Indicator.spoor_nummer, Indicator.code), params)


async def get_indicator(session: AsyncSession, tenant: str, code: str) -> Indicator:
    indicator = await session.scalar(select(Indicator).where(Indicator.tenant == tenant, Indicator.code == code))
    if indicator is None:
        raise NotFound(f"Indicator {code!r} does not exist in {tenant}.")
    return indicator


async def create_indicator(session: AsyncSession, tenant: str, data: schemas.IndicatorCreate) -> Indicator:
    if await session.scalar(select(Indicator.id).where(Indicator.tenant == tenant, Indicator.code == data.code)):
        raise Conflict(f"Indicator {data.code!r} already exists in {tenant}.", code="already_exists")
    indicator = Indicator(id=uuid.uuid4(), tenant=tenant, versie=1, **data.model_dump())
    session.add(indicator)
    await session.flush()
    return indicator


async def announce_definitions(session: AsyncSession, tenant: str, indicators: list[Indicator]) -> None:
    """One event for the definitions a request, seed or import added or changed (others keep read models of them)."""
    if not indicators:
        return
    snapshots = [
        IndicatorSnapshot(
            indicatorId=i.id,
            code=i.code,
            naam=i.naam,
            spoor=i.spoor_nummer,
            niveau=i.niveau,
            dimensie=i.dimensie,
            beweging=i.beweging,
            verwachting=i.verwachting,
            richting=i.richting,
            eenheid=i.eenheid,
            status=i.status,
            versie=i.versie,
        )
        for i in indicators
    ]
    await record_event(session, EVENTS, IndicatorenVastgelegd(indicatoren=snapshots), tenant=tenant)


def period_start(name: str, period: str) -> date:
    """The first day of a period given as a query key, or 400 naming the key (e.g. `van=0000`: no year 0)."""
    try:
        return perioden.parse(period)[1]
    except perioden.PeriodError as exc:
        raise InvalidInput.field(f"query.{name}", str(exc)) from None


def plain(value: Decimal) -> str:
    """A value as written, without trailing zeros and never in exponent notation (400, not 4E+2)."""
    return format(value.normalize(), "f")


def as_table(rows: list[schemas.MetingRead]) -> schemas.Tabel:
    headers = ["indicator", "periode", "gebied", "waarde", "herkomst", "versie"]
    return schemas.Tabel(
        headers=headers,
        rows=[[r.indicator, r.periode, r.gebied, plain(r.waarde), r.herkomst, str(r.versie)] for r in rows],
    )


async def courses(
    session: AsyncSession, tenant: str, indicators: list[Indicator], gebied: str, caller: Caller | None = None
) -> list[schemas.KoersRead]:
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
            schemas.KoersRead(
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
    session: AsyncSession, tenant: str, spoor: int, gebied: str, caller: Caller | None = None
) -> schemas.KoersOverzicht:
    indicators = list(
        await session.scalars(
            select(Indicator)
            .where(Indicator.tenant == tenant, Indicator.spoor_nummer == spoor)
            .order_by(Indicator.code)
        )
    )
    rows = await courses(session, tenant, indicators, gebied, caller)
    summary = {
        status: 0 for status in ("op-koers", "uit-koers", "onvoldoende-data", "geen-verwachting", "niet-vergelijkbaar")
    }
    for row in rows:
        summary[row.status] += 1
    return schemas.KoersOverzicht(spoorNummer=spoor, gebied=gebied, samenvatting=summary, indicatoren=rows)


async def aggregate(
    session: AsyncSession, tenant: str, indicator: Indicator, periode: str, niveau: str, caller: Caller | None = None
) -> list[schemas.AggregaatRead]:
    """Buurt values of a period added up to wijken or the municipality: a sum for counts, for averages and
    percentages a mean weighted by the denominator's value in each buurt (never a plain mean)."""
    if indicator.aggregatie == "geen":
        raise Unprocessable(f"Indicator {indicator.code!r} does not aggregate over areas.", code="not_aggregable")
    noemer = None
    if indicator.aggregatie == "gewogen":
        noemer = await session.scalar(
            select(Indicator).where(Indicator.tenant == tenant, Indicator.code == indicator.noemer_code)
        )
        if noemer is None:
            raise Unprocessable(
                f"The denominator {indicator.noemer_code!r} of {indicator.code!r} is not an indicator here.",
                code="noemer_unknown",
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
            schemas.AggregaatRead(
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


async def set_target(
    session: AsyncSession, tenant: str, indicator: Indicator, jaar: int, gebied: str, waarde: Decimal
) -> None:
    if not area_belongs_to(gebied, tenant):
        raise InvalidInput.field("path.gebied", f"{gebied} is not {tenant} or one of its wijken or buurten")
    stmt = insert(Streefwaarde).values(
        tenant=tenant, indicator_id=indicator.id, jaar=jaar, gebied=gebied, waarde=waarde
    )
    await session.execute(
        stmt.on_conflict_do_update(index_elements=["indicator_id", "jaar", "gebied"], set_={"waarde": waarde})
    )


async def targets(session: AsyncSession, indicator: Indicator) -> list[Streefwaarde]:
    query = select(Streefwaarde).where(Streefwaarde.indicator_id == indicator.id)
    return list(await session.scalars(query.order_by(Streefwaarde.jaar, Streefwaarde.gebied)))


async def add_observation(session: AsyncSession, tenant: str, data: schemas.WaarnemingCreate) -> schemas.WaarnemingRead:
    if data.spoor_nummer is None and data.indicator is None:
        raise Unprocessable(
            "An observation is about a track or an indicator: give spoorNummer or indicator.",
            code="about_nothing",
            invalid_params=[InvalidParam(name="spoorNummer", code="missing", reason="or indicator")],
        )
    indicator = await get_indicator(session, tenant, data.indicator) if data.indicator else None
    row = Waarneming(
        id=uuid.uuid4(),
        tenant=tenant,
        indicator_id=indicator.id if indicator else None,
        **data.model_dump(exclude={"indicator"}),
    )
    session.add(row)
    await session.flush()
    return schemas.WaarnemingRead.model_validate(row).model_copy(update={"indicator": data.indicator})


async def observations(
    session: AsyncSession, tenant: str, *, spoor: int | None, indicator: str | None, caller: Caller | None = None
) -> list[schemas.WaarnemingRead]:
    query = select(Waarneming, Indicator.code).outerjoin(Indicator, Indicator.id == Waarneming.indicator_id)
    query = query.where(Waarneming.tenant == tenant, observations_for(caller))
    if spoor:
        query = query.where(Waarneming.spoor_nummer == spoor)
    if indicator:
        query = query.where(Indicator.code == indicator)
    rows = await session.execute(query.order_by(Waarneming.datum, Waarneming.vastgelegd_op))
    return [schemas.WaarnemingRead.model_validate(w).model_copy(update={"indicator": code}) for w, code in rows]


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
    judged = await courses(session, tenant, indicators, tenant)
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


SERIES_PER_EVENT = 200
SERIES_POINTS = 8


async def _announce_series(session: AsyncSession, tenant: str, judged: list[schemas.KoersRead]) -> None:
    """The municipality-wide series and course of each indicator a write touched (the half-year report keeps them)."""
    versions = await next_versions(session, SNAPSHOT_VERSIONS, tenant, [f"reeks:{k.indicator}" for k in judged])
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
            versie=versions[f"reeks:{k.indicator}"],
        )
        for k in judged
    ]
    for start in range(0, len(reeksen), SERIES_PER_EVENT):
        batch = ReeksenBijgewerkt(reeksen=reeksen[start : start + SERIES_PER_EVENT])
        await record_event(session, EVENTS, batch, tenant=tenant)
