"""Routes: savings lines, targets per year, realisations, the savings frame's history, the prudence margin, the
Totaalopgave and target versus realisation."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Response, status
from stuurcyclus_common.auth import FINANCE_STAFF, STAFF
from stuurcyclus_common.hotreads import hot_read
from stuurcyclus_common.http import DatabaseDep, SessionDep, TenantDep, YearPath, service_router
from stuurcyclus_common.pagination import Page, PagerDep
from stuurcyclus_common.responses import CONFLICT, NOT_FOUND

from .. import charts, reads
from ..shared.http import CSV, Formaat, csv_answer, decimal_comma
from . import cijfers, service
from .schemas import (
    BesparingskaderCreate,
    BesparingskaderRead,
    BesparingslijnCreate,
    BesparingslijnRead,
    Doel,
    DoelRealisatie,
    Marge,
    RealisatieCreate,
    RealisatieRead,
    SpoorRealisatieCreate,
    Totaalopgave,
)

# The municipality's people and systems read the money (partners do not); finance staff change it.
router = service_router(read=STAFF, write=FINANCE_STAFF)


@router.get("/besparingslijnen", response_model=Page[BesparingslijnRead], tags=["besparingen"])
async def list_lijnen(session: SessionDep, tenant: TenantDep, pager: PagerDep) -> Page[BesparingslijnRead]:
    """The numbered lines of the Totaalopgave, with their target per year."""
    return pager.of([await service.lijn_read(session, lijn) for lijn in await cijfers.list_lijnen(session, tenant)])


@router.post(
    "/besparingslijnen",
    response_model=BesparingslijnRead,
    status_code=status.HTTP_201_CREATED,
    tags=["besparingen"],
    responses=CONFLICT,
)
async def create_lijn(data: BesparingslijnCreate, session: SessionDep, tenant: TenantDep) -> BesparingslijnRead:
    """Add a savings line, optionally with its targets per year."""
    lijn = await service.create_lijn(session, tenant, data)
    return await service.lijn_read(session, lijn)


@router.put(
    "/besparingslijnen/{lijnId}/doelen/{jaar}",
    response_model=BesparingslijnRead,
    tags=["besparingen"],
    responses=NOT_FOUND,
)
async def set_doel(
    lijnId: uuid.UUID, jaar: YearPath, data: Doel, session: SessionDep, tenant: TenantDep
) -> BesparingslijnRead:
    """Set (or replace) a line's target in a year."""
    lijn = await service.get_lijn(session, tenant, lijnId)
    await service.set_doel(session, lijn, jaar, data.bedrag_cent)
    return await service.lijn_read(session, lijn)


@router.get(
    "/besparingslijnen/{lijnId}/realisaties",
    response_model=Page[RealisatieRead],
    tags=["besparingen"],
    responses=NOT_FOUND,
)
async def list_realisaties(
    lijnId: uuid.UUID, session: SessionDep, tenant: TenantDep, pager: PagerDep
) -> Page[RealisatieRead]:
    """What was realised on a line, oldest first (corrections are rows of their own)."""
    rows = await service.list_realisaties(session, tenant, lijnId)
    return pager.of([RealisatieRead.model_validate(r) for r in rows])


@router.post(
    "/besparingslijnen/{lijnId}/realisaties",
    response_model=RealisatieRead,
    status_code=status.HTTP_201_CREATED,
    tags=["besparingen"],
    responses=NOT_FOUND,
)
async def add_realisatie(
    lijnId: uuid.UUID, data: RealisatieCreate, session: SessionDep, tenant: TenantDep
) -> RealisatieRead:
    """Record a realised saving (structural or incidental) on a line in a year."""
    realisatie = await service.add_realisatie(session, tenant, lijnId, data)
    return RealisatieRead.model_validate(realisatie)


@router.get("/realisaties", response_model=Page[RealisatieRead], tags=["besparingen"])
async def list_all_realisaties(
    session: SessionDep,
    tenant: TenantDep,
    pager: PagerDep,
    spoor: Annotated[int | None, Query(ge=1, le=99, description="Only this track's.")] = None,
) -> Page[RealisatieRead]:
    """Every realised saving, on lines and on tracks, by track and year (before the frame's first year included)."""
    rows = await service.list_all_realisaties(session, tenant, spoor)
    return pager.of([RealisatieRead.model_validate(r) for r in rows])


@router.post(
    "/realisaties",
    response_model=RealisatieRead,
    status_code=status.HTTP_201_CREATED,
    tags=["besparingen"],
)
async def add_spoor_realisatie(data: SpoorRealisatieCreate, session: SessionDep, tenant: TenantDep) -> RealisatieRead:
    """Record a track's realised saving that the source does not split over its lines (e.g. track 3's € 0,95 mln)."""
    realisatie = await service.add_spoor_realisatie(session, tenant, data)
    return RealisatieRead.model_validate(realisatie)


@router.get("/besparingskaders", response_model=Page[BesparingskaderRead], tags=["besparingen"])
async def list_kaders(session: SessionDep, tenant: TenantDep, pager: PagerDep) -> Page[BesparingskaderRead]:
    """The savings frame's versions, oldest first: where the current frame came from."""
    return pager.of([BesparingskaderRead.model_validate(k) for k in await cijfers.list_kaders(session, tenant)])


@router.post(
    "/besparingskaders",
    response_model=BesparingskaderRead,
    status_code=status.HTTP_201_CREATED,
    tags=["besparingen"],
)
async def add_kader(data: BesparingskaderCreate, session: SessionDep, tenant: TenantDep) -> BesparingskaderRead:
    """Record a new version of the savings frame (its total, when, why); earlier versions stay."""
    return BesparingskaderRead.model_validate(await service.add_kader(session, tenant, data))


@router.put("/behoedzaamheidsmarges/{jaar}", status_code=status.HTTP_204_NO_CONTENT, tags=["besparingen"])
async def set_marge(jaar: YearPath, data: Marge, session: SessionDep, tenant: TenantDep) -> Response:
    """Set the prudence margin of a year."""
    await service.set_marge(session, tenant, jaar, data.bedrag_cent)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@hot_read  # answered in the hot lane (stuurcyclus_common.hotreads)
@router.get("/rapportages/totaalopgave", response_model=Totaalopgave, tags=["rapportages"], responses=CSV)
async def totaalopgave(database: DatabaseDep, tenant: TenantDep, formaat: Formaat = "json"):  # noqa: ANN201
    """The Totaalopgave: lines × years, the total (computed) and the prudence margin."""
    report = await reads.totaalopgave(database, tenant)  # a hot read: prepared statements, no ORM session
    if formaat == "json":
        return report
    rows = [["Regel", "Omschrijving", "Spoor", *map(str, report.jaren)]]
    for lijn in report.lijnen:
        cells = [decimal_comma(lijn.bedragen[j].mln) if j in lijn.bedragen else "" for j in report.jaren]
        rows.append([lijn.code, lijn.naam, str(lijn.spoor_nummer or ""), *cells])
    rows.append(["", "Besparing (totaal)", "", *(decimal_comma(report.totaal[j].mln) for j in report.jaren)])
    marge = report.behoedzaamheidsmarge
    rows.append(
        ["", "Behoedzaamheidsmarge", "", *(decimal_comma(m.mln if (m := marge[j]) else None) for j in report.jaren)]
    )
    rows.append(["", "waarvan beslag", "", *(decimal_comma(report.beslag_op_marge[j].mln) for j in report.jaren)])
    return csv_answer(rows, "totaalopgave.csv")


@router.get("/rapportages/doel-realisatie", response_model=Page[DoelRealisatie], tags=["rapportages"], responses=CSV)
async def doel_realisatie(  # noqa: ANN201
    session: SessionDep, tenant: TenantDep, pager: PagerDep, formaat: Formaat = "json"
):
    """Per track and year: target against realised (structural, incidental, total); the CSV has every row."""
    rows = await cijfers.doel_vs_realisatie(session, tenant)
    if formaat == "json":
        return pager.of(rows)
    head = ["Spoor", "Jaar", "Doel", "Beslag behoedzaamheidsmarge", "Gerealiseerd structureel"]
    table = [[*head, "Gerealiseerd incidenteel", "Gerealiseerd"]]
    for r in rows:
        amounts = (r.doel, r.beslag_marge, r.gerealiseerd_structureel, r.gerealiseerd_incidenteel, r.gerealiseerd)
        table.append([str(r.spoor_nummer or ""), str(r.jaar), *(decimal_comma(b.mln) for b in amounts)])
    return csv_answer(table, "doel-realisatie.csv")


@router.get(
    "/rapportages/doel-realisatie/grafiek",
    tags=["rapportages"],
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}, "description": "An SVG bar chart."}},
)
async def doel_realisatie_grafiek(
    session: SessionDep, tenant: TenantDep, spoor: Annotated[int | None, Query(ge=1, le=99)] = None
) -> Response:
    """Target against realised per year (all tracks, or one with `spoor`), as SVG."""
    rows = [r for r in await cijfers.doel_vs_realisatie(session, tenant) if spoor is None or r.spoor_nummer == spoor]
    title = f"Besparing: doel en gerealiseerd{f' (spoor {spoor})' if spoor else ''}, € mln"
    svg = charts.doel_realisatie_svg(rows, title, with_margin=spoor is None)
    return Response(svg, media_type="image/svg+xml")
