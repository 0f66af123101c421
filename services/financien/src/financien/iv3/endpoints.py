"""Routes: CBS Iv3 figures per task field and per track, the series, comparable municipalities, the assignment."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Annotated, Literal

from fastapi import Path, Query, Response, status
from stuurcyclus_common.auth import FINANCE_STAFF, STAFF
from stuurcyclus_common.http import SessionDep, TenantDep, YearPath, service_router
from stuurcyclus_common.pagination import Page, PagerDep
from stuurcyclus_common.responses import NOT_FOUND

from ..shared.http import CSV, Formaat, csv_answer, decimal_comma
from ..vergelijkingsgroepen import service as vergelijkingsgroepen_service
from . import cijfers, indeling, service
from .schemas import Iv3BedragRead, Iv3SpoorJaarRead, Iv3SpoorRead, Iv3Toewijzing, Iv3ToewijzingRead, Iv3Vergelijking

# The municipality's people and systems read the money (partners do not); finance staff change it.
router = service_router(read=STAFF, write=FINANCE_STAFF)
Bron = Annotated[Literal["begroting", "jaarrekening"], Query(description="Budget or annual accounts.")]


@router.get("/iv3/{jaar}/taakvelden", response_model=Page[Iv3BedragRead], tags=["iv3"])
async def iv3_taakvelden(
    jaar: YearPath, session: SessionDep, tenant: TenantDep, pager: PagerDep, bron: Bron = "begroting"
) -> Page[Iv3BedragRead]:
    """The municipality's income and expenses per task field (CBS Iv3), as imported."""
    rows = await service.iv3_rows(session, tenant, jaar, bron)
    return pager.of([Iv3BedragRead.model_validate(r) for r in rows])


@router.get("/iv3/{jaar}/sporen", response_model=Page[Iv3SpoorRead], tags=["iv3"], responses=CSV)
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
    rows = await cijfers.per_spoor(session, tenant, jaar, bron)
    if formaat == "json":
        return pager.of(rows)
    table = [["Spoor", "Lasten", "Baten", "Saldo", "Taakvelden"]]
    for r in rows:
        euros = [decimal_comma(f"{Decimal(r[k]) / 100:.2f}") for k in ("lastenCent", "batenCent", "saldoCent")]
        table.append([str(r["spoorNummer"]), *euros, " ".join(r["taakvelden"])])
    return csv_answer(table, f"iv3-{jaar}-sporen.csv")


@router.get("/iv3/sporen", response_model=Page[Iv3SpoorJaarRead], tags=["iv3"])
async def iv3_reeks(
    session: SessionDep, tenant: TenantDep, pager: PagerDep, bron: Bron = "begroting"
) -> Page[Iv3SpoorJaarRead]:
    """Every imported year per track, oldest first: the series spans both task-field lists (2017–2024, 2025–)."""
    return pager.of([Iv3SpoorJaarRead.model_validate(r) for r in await cijfers.reeks(session, tenant, bron)])


@router.get("/iv3/{jaar}/vergelijking", response_model=Iv3Vergelijking, tags=["iv3"], responses=NOT_FOUND)
async def iv3_vergelijking(
    jaar: YearPath,
    session: SessionDep,
    tenant: TenantDep,
    bron: Bron = "begroting",
    groep: Annotated[
        uuid.UUID | None, Query(description="A peer set (`/vergelijkingsgroepen`); default: size class.")
    ] = None,
) -> Iv3Vergelijking:
    """Comparable municipalities: those of the same size class in the same Iv3 year, or of a peer set the municipality
    chose, expenses per track per inhabitant (the platform's default assignment for all), and this municipality's
    position per track."""
    peers = await vergelijkingsgroepen_service.get_groep(session, tenant, groep) if groep else None
    return Iv3Vergelijking.model_validate(await cijfers.vergelijking(session, tenant, jaar, bron, groep=peers))


Lijst = Annotated[Literal["2017", "2025"], Path(description="Task-field list: 2017 (2017–2024) or 2025 (from 2025).")]
Taakveld = Annotated[str, Path(pattern=r"^\d{1,2}\.\d{1,3}[a-z]?$", description="CBS task-field code, e.g. 6.711")]


@router.get("/iv3/indelingen/{lijst}", response_model=Page[Iv3ToewijzingRead], tags=["iv3"])
async def iv3_indeling(
    lijst: Lijst, session: SessionDep, tenant: TenantDep, pager: PagerDep
) -> Page[Iv3ToewijzingRead]:
    """Which track each task field of a list counts towards for this municipality (default, or its own)."""
    mapping = await indeling.indeling(session, tenant, lijst)
    return pager.of([Iv3ToewijzingRead.model_validate(t) for t in sorted(mapping.values(), key=_code_key)])


@router.put("/iv3/indelingen/{lijst}/{taakveld}", response_model=Iv3ToewijzingRead, tags=["iv3"])
async def iv3_toewijzen(
    lijst: Lijst, taakveld: Taakveld, data: Iv3Toewijzing, session: SessionDep, tenant: TenantDep
) -> Iv3ToewijzingRead:
    """Assign a task field to a track (or to none) for this municipality, over the platform's default."""
    await indeling.assign(session, tenant, lijst, taakveld=taakveld, spoor=data.spoor_nummer)
    await cijfers.announce_own(session, tenant, lijst)  # the report's figures per track follow
    return Iv3ToewijzingRead.model_validate((await indeling.indeling(session, tenant, lijst))[taakveld])


@router.delete("/iv3/indelingen/{lijst}/{taakveld}", status_code=status.HTTP_204_NO_CONTENT, tags=["iv3"])
async def iv3_standaard(lijst: Lijst, taakveld: Taakveld, session: SessionDep, tenant: TenantDep) -> Response:
    """Back to the platform's default assignment of this task field."""
    await indeling.reset(session, tenant, lijst, taakveld)
    await cijfers.announce_own(session, tenant, lijst)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def _code_key(toewijzing) -> tuple:  # noqa: ANN001
    major, _, minor = toewijzing.taakveld.partition(".")
    return int(major), minor
