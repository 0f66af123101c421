"""HTTP routes of the financien service, under /api/v1/financien."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Annotated, Literal

from fastapi import Path, Query, Response, status
from fastapi.responses import PlainTextResponse
from stuurcyclus_common import tabular
from stuurcyclus_common.auth import FINANCE_STAFF, STAFF
from stuurcyclus_common.errors import Problem
from stuurcyclus_common.http import DatabaseDep, SessionDep, TenantDep, YearPath, csv_download, service_router
from stuurcyclus_common.pagination import Page, PagerDep
from stuurcyclus_common.readmodel import AmbitieReferentieRead, SpoorReferentieRead, add_reference_list
from stuurcyclus_common.responses import CONFLICT, NOT_FOUND, Responses

from . import charts, iv3, reads, schemas, service
from .models import AmbitieReferentie, SpoorReferentie

# The municipality's people and systems read the money (partners do not); finance staff change it.
router = service_router(read=STAFF, write=FINANCE_STAFF)
add_reference_list(router, "/sporen", SpoorReferentie, SpoorReferentieRead, SpoorReferentie.nummer, "Tracks known here")
add_reference_list(
    router, "/ambities", AmbitieReferentie, AmbitieReferentieRead, AmbitieReferentie.nummer, "Ambitions known here"
)
Formaat = Annotated[Literal["json", "csv"], Query(description="`csv`: semicolons and decimal commas, € mln.")]
CSV: Responses = {200: {"content": {"text/csv": {}}, "description": "With `formaat=csv`."}}


def _csv(rows: list[list[str]], filename: str) -> PlainTextResponse:
    """CSV as Dutch Excel reads it: `;` between fields, decimal comma."""
    return csv_download(tabular.excel_csv(rows), filename)


def _nl(mln: str | None) -> str:
    return "" if mln is None else mln.replace(".", ",")


# --- savings --------------------------------------------------------------------------------------------------------


@router.get("/besparingslijnen", response_model=Page[schemas.BesparingslijnRead], tags=["besparingen"])
async def list_lijnen(session: SessionDep, tenant: TenantDep, pager: PagerDep) -> Page[schemas.BesparingslijnRead]:
    """The numbered lines of the Totaalopgave, with their target per year."""
    return pager.of([await service.lijn_read(session, lijn) for lijn in await service.list_lijnen(session, tenant)])


@router.post(
    "/besparingslijnen",
    response_model=schemas.BesparingslijnRead,
    status_code=status.HTTP_201_CREATED,
    tags=["besparingen"],
    responses=CONFLICT,
)
async def create_lijn(
    data: schemas.BesparingslijnCreate, session: SessionDep, tenant: TenantDep
) -> schemas.BesparingslijnRead:
    """Add a savings line, optionally with its targets per year."""
    lijn = await service.create_lijn(session, tenant, data)
    return await service.lijn_read(session, lijn)


@router.put(
    "/besparingslijnen/{lijnId}/doelen/{jaar}",
    response_model=schemas.BesparingslijnRead,
    tags=["besparingen"],
    responses=NOT_FOUND,
)
async def set_doel(
    lijnId: uuid.UUID, jaar: YearPath, data: schemas.Doel, session: SessionDep, tenant: TenantDep
) -> schemas.BesparingslijnRead:
    """Set (or replace) a line's target in a year."""
    lijn = await service.get_lijn(session, tenant, lijnId)
    await service.set_doel(session, lijn, jaar, data.bedrag_cent)
    return await service.lijn_read(session, lijn)


@router.get(
    "/besparingslijnen/{lijnId}/realisaties",
    response_model=Page[schemas.RealisatieRead],
    tags=["besparingen"],
    responses=NOT_FOUND,
)
async def list_realisaties(
    lijnId: uuid.UUID, session: SessionDep, tenant: TenantDep, pager: PagerDep
) -> Page[schemas.RealisatieRead]:
    """What was realised on a line, oldest first (corrections are rows of their own)."""
    rows = await service.list_realisaties(session, tenant, lijnId)
    return pager.of([schemas.RealisatieRead.model_validate(r) for r in rows])


@router.post(
    "/besparingslijnen/{lijnId}/realisaties",
    response_model=schemas.RealisatieRead,
    status_code=status.HTTP_201_CREATED,
    tags=["besparingen"],
    responses=NOT_FOUND,
)
async def add_realisatie(
    lijnId: uuid.UUID, data: schemas.RealisatieCreate, session: SessionDep, tenant: TenantDep
) -> schemas.RealisatieRead:
    """Record a realised saving (structural or incidental) on a line in a year."""
    realisatie = await service.add_realisatie(session, tenant, lijnId, data)
    return schemas.RealisatieRead.model_validate(realisatie)


@router.get("/realisaties", response_model=Page[schemas.RealisatieRead], tags=["besparingen"])
async def list_all_realisaties(
    session: SessionDep,
    tenant: TenantDep,
    pager: PagerDep,
    spoor: Annotated[int | None, Query(ge=1, le=99, description="Only this track's.")] = None,
) -> Page[schemas.RealisatieRead]:
    """Every realised saving, on lines and on tracks, by track and year (before the frame's first year included)."""
    rows = await service.list_all_realisaties(session, tenant, spoor)
    return pager.of([schemas.RealisatieRead.model_validate(r) for r in rows])


@router.post(
    "/realisaties",
    response_model=schemas.RealisatieRead,
    status_code=status.HTTP_201_CREATED,
    tags=["besparingen"],
)
async def add_spoor_realisatie(
    data: schemas.SpoorRealisatieCreate, session: SessionDep, tenant: TenantDep
) -> schemas.RealisatieRead:
    """Record a track's realised saving that the source does not split over its lines (e.g. track 3's € 0,95 mln)."""
    realisatie = await service.add_spoor_realisatie(session, tenant, data)
    return schemas.RealisatieRead.model_validate(realisatie)


@router.get("/besparingskaders", response_model=Page[schemas.BesparingskaderRead], tags=["besparingen"])
async def list_kaders(session: SessionDep, tenant: TenantDep, pager: PagerDep) -> Page[schemas.BesparingskaderRead]:
    """The savings frame's versions, oldest first: where the current frame came from."""
    return pager.of([schemas.BesparingskaderRead.model_validate(k) for k in await service.list_kaders(session, tenant)])


@router.post(
    "/besparingskaders",
    response_model=schemas.BesparingskaderRead,
    status_code=status.HTTP_201_CREATED,
    tags=["besparingen"],
)
async def add_kader(
    data: schemas.BesparingskaderCreate, session: SessionDep, tenant: TenantDep
) -> schemas.BesparingskaderRead:
    """Record a new version of the savings frame (its total, when, why); earlier versions stay."""
    return schemas.BesparingskaderRead.model_validate(await service.add_kader(session, tenant, data))


@router.put("/behoedzaamheidsmarges/{jaar}", status_code=status.HTTP_204_NO_CONTENT, tags=["besparingen"])
async def set_marge(jaar: YearPath, data: schemas.Marge, session: SessionDep, tenant: TenantDep) -> Response:
    """Set the prudence margin of a year."""
    await service.set_marge(session, tenant, jaar, data.bedrag_cent)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/rapportages/totaalopgave", response_model=schemas.Totaalopgave, tags=["rapportages"], responses=CSV)
async def totaalopgave(database: DatabaseDep, tenant: TenantDep, formaat: Formaat = "json"):  # noqa: ANN201
    """The Totaalopgave: lines × years, the total (computed) and the prudence margin."""
    report = await reads.totaalopgave(database, tenant)  # a hot read: prepared statements, no ORM session
    if formaat == "json":
        return report
    rows = [["Regel", "Omschrijving", "Spoor", *map(str, report.jaren)]]
    for lijn in report.lijnen:
        cells = [_nl(lijn.bedragen[j].mln) if j in lijn.bedragen else "" for j in report.jaren]
        rows.append([lijn.code, lijn.naam, str(lijn.spoor_nummer or ""), *cells])
    rows.append(["", "Besparing (totaal)", "", *(_nl(report.totaal[j].mln) for j in report.jaren)])
    marge = report.behoedzaamheidsmarge
    rows.append(["", "Behoedzaamheidsmarge", "", *(_nl(m.mln if (m := marge[j]) else None) for j in report.jaren)])
    rows.append(["", "waarvan beslag", "", *(_nl(report.beslag_op_marge[j].mln) for j in report.jaren)])
    return _csv(rows, "totaalopgave.csv")


@router.get(
    "/rapportages/doel-realisatie", response_model=Page[schemas.DoelRealisatie], tags=["rapportages"], responses=CSV
)
async def doel_realisatie(  # noqa: ANN201
    session: SessionDep, tenant: TenantDep, pager: PagerDep, formaat: Formaat = "json"
):
    """Per track and year: target against realised (structural, incidental, total); the CSV has every row."""
    rows = await service.doel_vs_realisatie(session, tenant)
    if formaat == "json":
        return pager.of(rows)
    head = ["Spoor", "Jaar", "Doel", "Beslag behoedzaamheidsmarge", "Gerealiseerd structureel"]
    table = [[*head, "Gerealiseerd incidenteel", "Gerealiseerd"]]
    for r in rows:
        amounts = (r.doel, r.beslag_marge, r.gerealiseerd_structureel, r.gerealiseerd_incidenteel, r.gerealiseerd)
        table.append([str(r.spoor_nummer or ""), str(r.jaar), *(_nl(b.mln) for b in amounts)])
    return _csv(table, "doel-realisatie.csv")


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
    rows = [r for r in await service.doel_vs_realisatie(session, tenant) if spoor is None or r.spoor_nummer == spoor]
    title = f"Besparing: doel en gerealiseerd{f' (spoor {spoor})' if spoor else ''}, € mln"
    svg = charts.doel_realisatie_svg(rows, title, with_margin=spoor is None)
    return Response(svg, media_type="image/svg+xml")


# --- budget ---------------------------------------------------------------------------------------------------------


@router.get("/begrotingsposten", response_model=Page[schemas.BegrotingspostRead], tags=["begroting"])
async def list_posten(
    session: SessionDep,
    tenant: TenantDep,
    pager: PagerDep,
    jaar: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    soort: Literal["budget", "programmakosten", "investering", "bestedingsvoorstel"] | None = None,
) -> Page[schemas.BegrotingspostRead]:
    """Budgets, programme costs, investments and spending proposals."""
    posten = await service.list_posten(session, tenant, jaar=jaar, soort=soort)
    return pager.of(await service.post_reads(session, posten))


@router.post(
    "/begrotingsposten",
    response_model=schemas.BegrotingspostRead,
    status_code=status.HTTP_201_CREATED,
    tags=["begroting"],
)
async def create_post(
    data: schemas.BegrotingspostCreate, session: SessionDep, tenant: TenantDep
) -> schemas.BegrotingspostRead:
    """Propose a budget line."""
    post = await service.create_post(session, tenant, data)
    return (await service.post_reads(session, [post]))[0]


@router.post(
    "/begrotingsposten/{postId}/vaststelling",
    response_model=schemas.BegrotingspostRead,
    tags=["begroting"],
    responses={**NOT_FOUND, **CONFLICT},
)
async def adopt_post(postId: uuid.UUID, session: SessionDep, tenant: TenantDep) -> schemas.BegrotingspostRead:
    """Mark a proposed budget line as adopted."""
    post = await service.adopt_post(session, tenant, postId)
    return (await service.post_reads(session, [post]))[0]


@router.get("/verschuivingen", response_model=Page[schemas.VerschuivingRead], tags=["begroting"])
async def list_verschuivingen(
    session: SessionDep, tenant: TenantDep, pager: PagerDep
) -> Page[schemas.VerschuivingRead]:
    """Reallocations between budget lines (*flexibel schuiven*), oldest first."""
    rows = await service.list_verschuivingen(session, tenant)
    return pager.of([schemas.VerschuivingRead.model_validate(v) for v in rows])


@router.post(
    "/verschuivingen",
    response_model=schemas.VerschuivingRead,
    status_code=status.HTTP_201_CREATED,
    tags=["begroting"],
    responses={**CONFLICT, 422: {"model": Problem, "description": "Unknown line, same line or another year."}},
)
async def reallocate(
    data: schemas.VerschuivingCreate, session: SessionDep, tenant: TenantDep
) -> schemas.VerschuivingRead:
    """Move money from one budget line to another, with the reason."""
    verschuiving = await service.reallocate(session, tenant, data)
    return schemas.VerschuivingRead.model_validate(verschuiving)


@router.get("/begrotingen", response_model=Page[schemas.BegrotingRead], tags=["begroting"])
async def list_begrotingen(session: SessionDep, tenant: TenantDep, pager: PagerDep) -> Page[schemas.BegrotingRead]:
    """The budgets per year and whether the council adopted them."""
    return pager.of([schemas.BegrotingRead.model_validate(r) for r in await service.list_begrotingen(session, tenant)])


@router.post(
    "/begrotingen",
    response_model=schemas.BegrotingRead,
    status_code=status.HTTP_201_CREATED,
    tags=["begroting"],
    responses=CONFLICT,
)
async def create_begroting(
    data: schemas.BegrotingCreate, session: SessionDep, tenant: TenantDep
) -> schemas.BegrotingRead:
    """Propose the budget of a year."""
    return schemas.BegrotingRead.model_validate(await service.create_begroting(session, tenant, data.jaar))


@router.post(
    "/begrotingen/{begrotingId}/vaststelling",
    response_model=schemas.BegrotingRead,
    tags=["begroting"],
    responses={**NOT_FOUND, **CONFLICT},
)
async def adopt_begroting(
    begrotingId: uuid.UUID, data: schemas.Vaststelling, session: SessionDep, tenant: TenantDep
) -> schemas.BegrotingRead:
    """The council adopted the budget (*begroting vastgesteld*); announced as an event."""
    begroting = await service.adopt_begroting(session, tenant, begrotingId, data.vastgesteld_op)
    return schemas.BegrotingRead.model_validate(begroting)


# --- Iv3 (CBS) ------------------------------------------------------------------------------------------------------


Bron = Annotated[Literal["begroting", "jaarrekening"], Query(description="Budget or annual accounts.")]


@router.get("/iv3/{jaar}/taakvelden", response_model=Page[schemas.Iv3BedragRead], tags=["iv3"])
async def iv3_taakvelden(
    jaar: YearPath, session: SessionDep, tenant: TenantDep, pager: PagerDep, bron: Bron = "begroting"
) -> Page[schemas.Iv3BedragRead]:
    """The municipality's income and expenses per task field (CBS Iv3), as imported."""
    rows = await service.iv3_rows(session, tenant, jaar, bron)
    return pager.of([schemas.Iv3BedragRead.model_validate(r) for r in rows])


@router.get("/iv3/{jaar}/sporen", response_model=Page[schemas.Iv3SpoorRead], tags=["iv3"], responses=CSV)
async def iv3_sporen(  # noqa: ANN201
    jaar: YearPath,
    session: SessionDep,
    tenant: TenantDep,
    pager: PagerDep,
    bron: Bron = "begroting",
    formaat: Formaat = "json",
):
    """The social domain per track: income, expenses and balance of the task fields assigned to each track (parents
    included), per inhabitant too."""
    rows = await iv3.per_spoor(session, tenant, jaar, bron)
    if formaat == "json":
        return pager.of(rows)
    table = [["Spoor", "Lasten", "Baten", "Saldo", "Taakvelden"]]
    for r in rows:
        euros = [_nl(f"{Decimal(r[k]) / 100:.2f}") for k in ("lastenCent", "batenCent", "saldoCent")]
        table.append([str(r["spoorNummer"]), *euros, " ".join(r["taakvelden"])])
    return _csv(table, f"iv3-{jaar}-sporen.csv")


@router.get("/iv3/sporen", response_model=Page[schemas.Iv3SpoorJaarRead], tags=["iv3"])
async def iv3_reeks(
    session: SessionDep, tenant: TenantDep, pager: PagerDep, bron: Bron = "begroting"
) -> Page[schemas.Iv3SpoorJaarRead]:
    """Every imported year per track, oldest first: the series spans both task-field lists (2017–2024, 2025–)."""
    return pager.of([schemas.Iv3SpoorJaarRead.model_validate(r) for r in await iv3.reeks(session, tenant, bron)])


@router.get("/iv3/{jaar}/vergelijking", response_model=schemas.Iv3Vergelijking, tags=["iv3"], responses=NOT_FOUND)
async def iv3_vergelijking(
    jaar: YearPath, session: SessionDep, tenant: TenantDep, bron: Bron = "begroting"
) -> schemas.Iv3Vergelijking:
    """Comparable municipalities: those of the same size class in the same Iv3 year, expenses per track per
    inhabitant (the platform's default assignment for all), and this municipality's position per track."""
    return schemas.Iv3Vergelijking.model_validate(await iv3.vergelijking(session, tenant, jaar, bron))


Lijst = Annotated[Literal["2017", "2025"], Path(description="Task-field list: 2017 (2017–2024) or 2025 (from 2025).")]
Taakveld = Annotated[str, Path(pattern=r"^\d{1,2}\.\d{1,3}[a-z]?$", description="CBS task-field code, e.g. 6.711")]


@router.get("/iv3/indelingen/{lijst}", response_model=Page[schemas.Iv3ToewijzingRead], tags=["iv3"])
async def iv3_indeling(
    lijst: Lijst, session: SessionDep, tenant: TenantDep, pager: PagerDep
) -> Page[schemas.Iv3ToewijzingRead]:
    """Which track each task field of a list counts towards for this municipality (default, or its own)."""
    mapping = await iv3.indeling(session, tenant, lijst)
    return pager.of([schemas.Iv3ToewijzingRead.model_validate(t) for t in sorted(mapping.values(), key=_code_key)])


@router.put("/iv3/indelingen/{lijst}/{taakveld}", response_model=schemas.Iv3ToewijzingRead, tags=["iv3"])
async def iv3_toewijzen(
    lijst: Lijst, taakveld: Taakveld, data: schemas.Iv3Toewijzing, session: SessionDep, tenant: TenantDep
) -> schemas.Iv3ToewijzingRead:
    """Assign a task field to a track (or to none) for this municipality, over the platform's default."""
    await iv3.assign(session, tenant, lijst, taakveld, data.spoor_nummer)
    await iv3.announce_own(session, tenant, lijst)  # the report's figures per track follow
    return schemas.Iv3ToewijzingRead.model_validate((await iv3.indeling(session, tenant, lijst))[taakveld])


@router.delete("/iv3/indelingen/{lijst}/{taakveld}", status_code=status.HTTP_204_NO_CONTENT, tags=["iv3"])
async def iv3_standaard(lijst: Lijst, taakveld: Taakveld, session: SessionDep, tenant: TenantDep) -> Response:
    """Back to the platform's default assignment of this task field."""
    await iv3.reset(session, tenant, lijst, taakveld)
    await iv3.announce_own(session, tenant, lijst)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def _code_key(toewijzing) -> tuple:  # noqa: ANN001
    major, _, minor = toewijzing.taakveld.partition(".")
    return int(major), minor


# --- ceilings and reservations --------------------------------------------------------------------------------------


@router.get("/subsidieplafonds", response_model=Page[schemas.PlafondRead], tags=["plafonds"], responses=CSV)
async def list_plafonds(  # noqa: ANN201
    session: SessionDep,
    tenant: TenantDep,
    pager: PagerDep,
    jaar: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    formaat: Formaat = "json",
):
    """Ceiling use per ambition and year: the ceiling, committed, reserved, available."""
    plafonds = await service.list_plafonds(session, tenant, jaar)
    if formaat == "json":
        return pager.of(plafonds)
    table = [["Ambitie", "Jaar", "Plafond", "Vastgelegd", "Gereserveerd", "Beschikbaar"]]
    for p in plafonds:
        cells = (p.bedrag_cent, p.vastgelegd_cent, p.gereserveerd_cent, p.beschikbaar_cent)
        table.append([str(p.ambitie_id), str(p.jaar), *(_nl(f"{Decimal(c) / 100:.2f}") for c in cells)])
    return _csv(table, "plafondgebruik.csv")


@router.put("/subsidieplafonds", response_model=schemas.PlafondRead, tags=["plafonds"], responses=CONFLICT)
async def set_plafond(data: schemas.PlafondSet, session: SessionDep, tenant: TenantDep) -> schemas.PlafondRead:
    """Set the ceiling of an ambition in a year (never below what is committed and reserved)."""
    return await service.set_plafond(session, tenant, data)


@router.get("/reserveringen", response_model=Page[schemas.ReserveringRead], tags=["plafonds"])
async def list_reserveringen(
    session: SessionDep, tenant: TenantDep, pager: PagerDep, plafondId: uuid.UUID | None = None
) -> Page[schemas.ReserveringRead]:
    """Reservations against the ceilings (made by events from gesprekstafels)."""
    rows = await service.list_reserveringen(session, tenant, plafondId)
    return pager.of([schemas.ReserveringRead.model_validate(r) for r in rows])
