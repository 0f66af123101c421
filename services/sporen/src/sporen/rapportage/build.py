"""Build the half-year report of a municipality from this service's own tables and read models only."""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common import gemeenten, kaart, perioden
from stuurcyclus_common.errors import NotFound

from ..lessen import service as lessen_service
from ..lessen.schemas import LesRead
from ..maatregelen import service as maatregelen_service
from ..maatregelen.schemas import MaatregelRead
from ..models import (
    FinancieelOverzicht,
    IndicatorReeks,
    IndicatorReferentie,
    Iv3Cijfers,
    Rapport,
    Risico,
    RisicoRevisie,
    Spoor,
    Voortgang,
    WijkOmtrek,
)
from ..ontwikkelingen import service as ontwikkelingen_service
from ..ontwikkelingen.schemas import OntwikkelingRead
from ..rapportteksten import service as rapportteksten_service
from ..rapportteksten.schemas import RapporttekstRead
from ..risicos.schemas import RisicoRevisieRead
from ..spoor import service as spoor_service
from ..voortgang.schemas import VoortgangRead
from .schemas import (
    Halfjaarrapportage,
    RapportIndicator,
    RapportKaart,
    RapportPrognose,
    RapportRisico,
    RapportSpoor,
    RapportWaarde,
    RapportWijkwaarde,
)

HALF_YEAR = re.compile(r"^(\d{4})S([12])$")


def previous_half(periode: str) -> str:
    jaar, half = HALF_YEAR.fullmatch(periode).groups()  # type: ignore[union-attr]
    return f"{jaar}S1" if half == "2" else f"{int(jaar) - 1}S2"


def titel(periode: str) -> str:
    jaar, half = HALF_YEAR.fullmatch(periode).groups()  # type: ignore[union-attr]
    return f"Halfjaarrapportage Sociaal Domein, {'eerste' if half == '1' else 'tweede'} halfjaar {jaar}"


async def _latest_voortgang(
    session: AsyncSession, tenant: str, periode: str
) -> tuple[dict[uuid.UUID, Voortgang], dict[uuid.UUID, Voortgang]]:
    """Per track the latest progress record up to `periode`, and the latest one that says what was realised."""
    rows = list(
        await session.scalars(
            select(Voortgang)
            .where(Voortgang.tenant == tenant, Voortgang.periode <= periode)
            .order_by(Voortgang.periode)
        )
    )
    latest = {v.spoor_id: v for v in rows}  # the last one per track wins
    realised = {v.spoor_id: v for v in rows if v.gerealiseerd}
    return latest, realised


#: Said where an indicator's course of now rests on values measured after the report's period.
LATER_VALUES = "De koers van nu rust ook op metingen van na deze periode; een latere rapportage toont haar."


@dataclass(frozen=True)
class _Indicatoren:
    """indicatoren's read models as sporen keeps them, read once per report: every series (by code) and every
    definition (by code); the chapters that show indicators take them from here."""

    reeksen: list[IndicatorReeks]
    definities: dict[str, IndicatorReferentie]

    @classmethod
    async def read(cls, session: AsyncSession, tenant: str) -> _Indicatoren:
        series = select(IndicatorReeks).where(IndicatorReeks.tenant == tenant).order_by(IndicatorReeks.code)
        definitions = select(IndicatorReferentie).where(IndicatorReferentie.tenant == tenant)
        return cls(
            list(await session.scalars(series)),
            {r.code: r for r in await session.scalars(definitions.order_by(IndicatorReferentie.code))},
        )


def _indicators(read: _Indicatoren, periode: str) -> dict[int, list[RapportIndicator]]:
    """Per track its indicators with the values known for `periode` (periods over by its end, never later ones)."""
    series = {r.code: r for r in read.reeksen}
    per_track: dict[int, list[RapportIndicator]] = {}
    for ind in (d for d in read.definities.values() if d.spoor_nummer is not None):
        reeks = series.get(ind.code)
        waarden = [RapportWaarde(**w) for w in reeks.waarden] if reeks else []
        known = [w for w in waarden if perioden.binnen(w.periode, periode)]
        later = len(known) < len(waarden)
        per_track.setdefault(ind.spoor_nummer or 0, []).append(
            RapportIndicator(
                code=ind.code,
                indicator=ind.naam,
                niveau=ind.niveau,
                dimensie=ind.dimensie,
                beweging=ind.beweging,
                verwachting=ind.verwachting,
                richting=ind.richting,
                status=ind.status,
                laatste_waarden=known,
                koers=None if later or not reeks else reeks.koers,
                koers_reden=LATER_VALUES if later else reeks.reden if reeks else None,
            )
        )
    return per_track


async def _changed_risks(session: AsyncSession, tenant: str, periode: str) -> dict[uuid.UUID, list[RapportRisico]]:
    """Per track the risks whose assessment changed since the previous report (new, or revised this half year)."""
    before = previous_half(periode)
    revisions: dict[uuid.UUID, list[RisicoRevisie]] = {}
    for rev in await session.scalars(
        select(RisicoRevisie)
        .where(RisicoRevisie.tenant == tenant, RisicoRevisie.periode <= periode)
        .order_by(RisicoRevisie.risico_id, RisicoRevisie.versie)
    ):
        revisions.setdefault(rev.risico_id, []).append(rev)
    risks = {r.id: r for r in await session.scalars(select(Risico).where(Risico.tenant == tenant))}
    per_track: dict[uuid.UUID, list[RapportRisico]] = {}
    for risico_id, revs in revisions.items():
        current = revs[-1]
        earlier = [r for r in revs if r.periode <= before]
        previous = earlier[-1] if earlier else None
        if previous is not None and previous.id == current.id:
            continue  # unchanged since the previous report
        risico = risks[risico_id]
        per_track.setdefault(risico.spoor_id, []).append(
            RapportRisico(
                risico_id=risico.id,
                titel=risico.titel,
                wijziging="herzien" if previous else "nieuw",
                huidig=RisicoRevisieRead.model_validate(current),
                vorige=RisicoRevisieRead.model_validate(previous) if previous else None,
            )
        )
    return per_track


def data_version(report: Halfjaarrapportage) -> str:
    """SHA-256 of everything in the report but its timestamp and this hash: equal data, equal version (a part a half
    year does not have counts as absent, so reports published before that part existed keep their version)."""
    exclude = {"gegenereerd_op", "dataversie", "status", "vastgesteld_op"}
    parts = ("ontwikkelingen", "lessen", "maatregelen", "prognoses", "kaarten")
    exclude |= {name for name in parts if not getattr(report, name)}
    data = report.model_dump(mode="json", by_alias=True, exclude=exclude)
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _prognoses(read: _Indicatoren, periode: str) -> list[RapportPrognose]:
    """Every indicator with prognoses, its latest measurement by the period's end beside them (never mixed)."""
    names = read.definities
    result = []
    for reeks in read.reeksen:
        if not reeks.prognoses:
            continue
        known = [RapportWaarde(**w) for w in reeks.waarden if perioden.binnen(w["periode"], periode)]
        ref = names.get(reeks.code)
        result.append(
            RapportPrognose(
                code=reeks.code,
                indicator=ref.naam if ref else reeks.code,
                eenheid=ref.eenheid if ref else None,
                laatste_meting=known[-1] if known else None,
                prognoses=reeks.prognoses,
            )
        )
    return result


async def _maps(session: AsyncSession, tenant: str, periode: str, read: _Indicatoren) -> list[RapportKaart]:
    """Each indicator with values per wijk in a period over by the report's end: its latest such period over the
    wijken of the latest register with outlines up to that year (a wijk without a value hatched)."""
    registers: dict[int, list[WijkOmtrek]] = {}
    for wijk in await session.scalars(
        select(WijkOmtrek).where(WijkOmtrek.tenant == tenant, WijkOmtrek.omtrek.is_not(None)).order_by(WijkOmtrek.code)
    ):
        registers.setdefault(wijk.jaar, []).append(wijk)
    if not registers:
        return []
    names = read.definities
    maps = []
    for reeks in read.reeksen:
        known = [w for w in reeks.wijkwaarden if perioden.binnen(w["periode"], periode)]
        if not known:
            continue
        latest = max({w["periode"] for w in known}, key=lambda p: (perioden.parse(p)[1], p))
        year = perioden.parse(latest)[1].year
        register = max((j for j in registers if j <= year), default=None)
        if register is None:
            continue
        values = {w["gebied"]: Decimal(w["waarde"]) for w in known if w["periode"] == latest}
        wijken = registers[register]
        areas = [kaart.Area(w.code, w.naam, w.omtrek or {}, values.get(w.code)) for w in wijken]
        ref = names.get(reeks.code)
        naam, eenheid = (ref.naam, ref.eenheid) if ref else (reeks.code, None)
        maps.append(
            RapportKaart(
                code=reeks.code,
                indicator=naam,
                eenheid=eenheid,
                periode=latest,
                registerjaar=register,
                waarden=[
                    RapportWijkwaarde(gebied=a.code, naam=a.naam, waarde=None if a.waarde is None else str(a.waarde))
                    for a in areas
                ],
                svg=kaart.indicator_map(
                    naam, eenheid, "wijk", latest, areas, f"Kaart: CBS, Wijk- en buurtkaart {register}"
                ),
            )
        )
    return maps


async def _past_2020(session: AsyncSession, tenant: str, periode: str, read: _Indicatoren) -> dict:
    """What moved around the agenda in this half year (developments, lessons, results) and, where anything did, the
    measures' state and the prognoses: a half year without them (2020's) reads as before."""
    ontwikkelingen = await ontwikkelingen_service.list_ontwikkelingen(session, tenant, periode=periode)
    lessen = await lessen_service.list_lessen(session, tenant, periode=periode)
    if not ontwikkelingen and not lessen:
        return {}
    return {
        "ontwikkelingen": [OntwikkelingRead.model_validate(o) for o in ontwikkelingen],
        "lessen": [LesRead.model_validate(les) for les in lessen],
        "maatregelen": [
            MaatregelRead.model_validate(m) for m in await maatregelen_service.list_maatregelen(session, tenant)
        ],
        "prognoses": _prognoses(read, periode),
    }


async def build(session: AsyncSession, tenant: str, periode: str) -> Halfjaarrapportage:
    sporen = list(await session.scalars(select(Spoor).where(Spoor.tenant == tenant).order_by(Spoor.nummer)))
    if not sporen:
        raise NotFound(f"{tenant} has no reform agenda (no tracks) to report on.")
    voortgang, gerealiseerd = await _latest_voortgang(session, tenant, periode)
    read = await _Indicatoren.read(session, tenant)
    indicators = _indicators(read, periode)
    risks = await _changed_risks(session, tenant, periode)
    overview = await session.get(FinancieelOverzicht, tenant)
    report_year = int(periode[:4])
    iv3 = await session.scalar(  # the latest year up to the report's, never one after it; budget before accounts
        select(Iv3Cijfers)
        .where(Iv3Cijfers.tenant == tenant, Iv3Cijfers.jaar <= report_year)
        .order_by(Iv3Cijfers.jaar.desc(), Iv3Cijfers.bron)
        .limit(1)
    )
    report = Halfjaarrapportage(
        gemeente=tenant,
        gemeentenaam=gemeenten.naam(tenant),
        periode=periode,
        titel=titel(periode),
        dataversie="",
        teksten=[
            RapporttekstRead.model_validate(t)
            for t in await rapportteksten_service.list_rapportteksten(session, tenant, periode)  # in the report's order
        ],
        bronnen={
            "financienOverzicht": overview.versie if overview else 0,
            "indicatoren": len([i for rows in indicators.values() for i in rows]),
            "sporen": len(sporen),
            "iv3": iv3.jaar if iv3 else 0,
        },
        sporen=[
            RapportSpoor(
                samenvatting=await spoor_service.spoor_read(session, spoor),
                gerealiseerd=VoortgangRead.model_validate(gerealiseerd[spoor.id]) if spoor.id in gerealiseerd else None,
                voortgang=VoortgangRead.model_validate(voortgang[spoor.id]) if spoor.id in voortgang else None,
                indicatoren=indicators.get(spoor.nummer, []),
                risicos=risks.get(spoor.id, []),
            )
            for spoor in sporen
        ],
        financien=overview.inhoud if overview else None,
        iv3=iv3.inhoud if iv3 else None,
        kaarten=await _maps(session, tenant, periode, read),
        **await _past_2020(session, tenant, periode, read),
    )
    report.dataversie = data_version(report)
    return report


async def publish(session: AsyncSession, tenant: str, periode: str) -> Rapport:
    """Freeze the report as it is now. Publishing unchanged data again returns the earlier publication."""
    report = await build(session, tenant, periode)
    latest = await session.scalar(
        select(Rapport)
        .where(Rapport.tenant == tenant, Rapport.periode == periode)
        .order_by(Rapport.versie.desc())
        .limit(1)
        .with_for_update()
    )
    if latest is not None and latest.dataversie == report.dataversie:
        return latest
    versie = (latest.versie if latest else 0) + 1
    report.status = "vastgesteld"
    report.vastgesteld_op = report.gegenereerd_op = datetime.now(UTC)
    rapport = Rapport(
        tenant=tenant,
        periode=periode,
        versie=versie,
        dataversie=report.dataversie,
        inhoud=report.model_dump(mode="json", by_alias=True),
        gepubliceerd_op=report.vastgesteld_op,
    )
    session.add(rapport)
    await session.flush()
    return rapport


async def publications(session: AsyncSession, tenant: str, periode: str) -> list[Rapport]:
    query = select(Rapport).where(Rapport.tenant == tenant, Rapport.periode == periode).order_by(Rapport.versie)
    return list(await session.scalars(query))


async def published(session: AsyncSession, tenant: str, rapport_id: uuid.UUID) -> Halfjaarrapportage:
    rapport = await session.scalar(select(Rapport).where(Rapport.tenant == tenant, Rapport.id == rapport_id))
    if rapport is None:
        raise NotFound(f"There is no published report {rapport_id} in {tenant}.")
    report = Halfjaarrapportage.model_validate(rapport.inhoud)
    report.status = "vastgesteld"  # publications frozen before the report said its status were published all the same
    report.vastgesteld_op = report.vastgesteld_op or report.gegenereerd_op or rapport.gepubliceerd_op
    return report
