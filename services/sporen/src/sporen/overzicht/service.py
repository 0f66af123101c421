"""The dashboard overview, from sporen's own tables and its read models of financien (the overview event) and
indicatoren (each indicator's series and course): one query each, no call to another service."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.labels import label
from stuurcyclus_common.schemas import bedrag, json_number

from ..models import FinancieelOverzicht, IndicatorReeks, IndicatorReferentie, Spoor
from . import schemas


async def overview(session: AsyncSession, tenant: str, jaar: int) -> schemas.Overzicht:
    tracks = list(await session.scalars(select(Spoor).where(Spoor.tenant == tenant).order_by(Spoor.nummer)))
    money = await session.scalar(select(FinancieelOverzicht.inhoud).where(FinancieelOverzicht.tenant == tenant))
    savings = {row.get("spoor"): row for row in (money or {}).get("doelRealisatie", []) if row.get("jaar") == jaar}
    indicators = list(
        await session.scalars(
            select(IndicatorReferentie)
            .where(IndicatorReferentie.tenant == tenant, IndicatorReferentie.spoor_nummer.is_not(None))
            .order_by(IndicatorReferentie.code)
        )
    )
    series = {r.code: r for r in await session.scalars(select(IndicatorReeks).where(IndicatorReeks.tenant == tenant))}
    rows = []
    for track in tracks:
        own = [i for i in indicators if i.spoor_nummer == track.nummer]
        courses = []
        for indicator in own:
            reeks = series.get(indicator.code)
            last = (reeks.waarden or [None])[-1] if reeks else None
            koers = reeks.koers if reeks else "onvoldoende-data"
            courses.append(
                schemas.IndicatorKoers(
                    code=indicator.code,
                    naam=indicator.naam,
                    eenheid=indicator.eenheid,
                    koers=koers,
                    koersLabel=label(koers),
                    reden=reeks.reden if reeks else "Nog geen metingen.",
                    laatstePeriode=last["periode"] if last else None,
                    laatsteWaarde=json_number(last["waarde"]) if last else None,
                )
            )
        counts: dict[str, int] = {}
        for course in courses:
            counts[course.koers] = counts.get(course.koers, 0) + 1
        saving = savings.get(track.nummer)
        rows.append(
            schemas.SpoorOverzicht(
                spoorId=track.id,
                nummer=track.nummer,
                naam=track.naam,
                status=track.status,
                statusLabel=label(track.status),
                besparing=schemas.Besparing(
                    jaar=jaar,
                    doel=bedrag(saving["doelCent"]),
                    gerealiseerd=bedrag(saving["gerealiseerdCent"])
                    if saving.get("gerealiseerdCent") is not None
                    else None,
                )
                if saving
                else None,
                koers=counts,
                indicatoren=courses,
            )
        )
    return schemas.Overzicht(jaar=jaar, sporen=rows)
