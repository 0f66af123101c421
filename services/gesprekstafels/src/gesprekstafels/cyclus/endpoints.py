"""Routes: The yearly cycle: its phases, what is due (termijnen), and the interim report."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Path, Query, Request, Response, status
from stuurcyclus_common.auth import ALL_ROLES, POLICY_STAFF, policy_staff, staff
from stuurcyclus_common.gemeenten import naam as gemeente_naam
from stuurcyclus_common.hotreads import hot_read
from stuurcyclus_common.http import DatabaseDep, SessionDep, TenantDep, YearPath, service_router
from stuurcyclus_common.identity import CallerDep
from stuurcyclus_common.pagination import Page, PagerDep, build_page

from ..shared.http import ACTION, CONFLICT, FORBIDDEN, NOT_FOUND, Params
from ..uitvraag.service import close_calls
from . import reads, schemas, service, tussenrapportage

# Everyone reads the cycle and what is due; the municipality's policy staff direct it.
router = service_router(read=ALL_ROLES, write=POLICY_STAFF)
FasePath = Annotated[schemas.FaseCode, Path(description="Phase code.")]


@router.get("/cycli", response_model=Page[schemas.CyclusRead], tags=["cyclus"], summary="The yearly cycles")
async def list_cycli(
    request: Request, session: SessionDep, tenant: TenantDep, params: Params
) -> Page[schemas.CyclusRead]:
    count, rows = await service.list_cycli(session, tenant, params)
    return build_page(request, params, count, [await service.read(session, c) for c in rows])


@router.post(
    "/cycli",
    response_model=schemas.CyclusRead,
    status_code=status.HTTP_201_CREATED,
    tags=["cyclus"],
    summary="Start the cycle of a year (all phases planned in their default months)",
    responses={**FORBIDDEN, **CONFLICT},
    dependencies=[policy_staff("start a cycle")],
)
async def create_cyclus(data: schemas.CyclusCreate, session: SessionDep, tenant: TenantDep) -> schemas.CyclusRead:
    return await service.read(session, await service.create(session, tenant, data))


@hot_read  # answered in the hot lane (stuurcyclus_common.hotreads)
@router.get(
    "/cycli/{jaar}",
    response_model=schemas.CyclusRead,
    tags=["cyclus"],
    summary="A year's cycle: phases, what is open, what is late",
    responses=NOT_FOUND,
)
async def get_cyclus(jaar: YearPath, database: DatabaseDep, tenant: TenantDep) -> schemas.CyclusRead:
    return await reads.cyclus_read(database, tenant, jaar)  # the hot read: one prepared statement, no ORM session


@router.post(
    "/cycli/{jaar}/fasen/{fase}/opening",
    response_model=schemas.CyclusRead,
    tags=["cyclus"],
    summary="Open a phase (refused while the phases it needs are not closed)",
    responses=ACTION,
    dependencies=[policy_staff("open a phase")],
)
async def open_fase(
    jaar: YearPath,
    fase: FasePath,
    session: SessionDep,
    tenant: TenantDep,
    data: schemas.FaseCommand | None = None,
) -> schemas.CyclusRead:
    return await service.read(
        session, await service.open_fase(session, tenant, jaar, code=fase, reden=data.reden if data else None)
    )


@router.post(
    "/cycli/{jaar}/fasen/{fase}/sluiting",
    response_model=schemas.CyclusRead,
    tags=["cyclus"],
    summary="Close a phase (`begroting` closes only on financien's budget event)",
    responses=ACTION,
    dependencies=[policy_staff("close a phase")],
)
async def close_fase(
    jaar: YearPath,
    fase: FasePath,
    session: SessionDep,
    tenant: TenantDep,
    data: schemas.FaseCommand | None = None,
) -> schemas.CyclusRead:
    closed = await service.close_fase(session, tenant, jaar, code=fase, reden=data.reden if data else None)
    if fase == "uitvraag":
        await close_calls(session, closed)
    return await service.read(session, closed)


@router.get(
    "/tussenrapportages/{subsidiejaar}",
    response_model=schemas.Tussenrapportage,
    tags=["cyclus"],
    summary="Interim report: per ambition granted, reported, spent, settled, reclaimed",
    responses=FORBIDDEN,
    dependencies=[staff("read the interim report of all partners")],
)
async def get_tussenrapportage(
    subsidiejaar: Annotated[int, Path(ge=2000, le=2100)], session: SessionDep, tenant: TenantDep
) -> schemas.Tussenrapportage:
    return await tussenrapportage.tussenrapportage(session, tenant, subsidiejaar)


TermijnSoort = Annotated[
    Literal["fase", "uitvraag", "verantwoording"] | None, Query(description="Only deadlines of this kind.")
]
TermijnJaar = Annotated[int | None, Query(ge=2000, le=2100, description="Only deadlines in this calendar year.")]


@router.get(
    "/termijnen",
    response_model=Page[schemas.Termijn],
    tags=["cyclus"],
    summary="What is due and overdue (a partner: its own and the calls open to it)",
)
async def list_termijnen(
    session: SessionDep,
    tenant: TenantDep,
    caller: CallerDep,
    pager: PagerDep,
    partner: Annotated[str | None, Query(max_length=200)] = None,
    status_: Annotated[schemas.TermijnStatus | None, Query(alias="status")] = None,
    jaar: TermijnJaar = None,
    soort: TermijnSoort = None,
) -> Page[schemas.Termijn]:
    return pager.of(
        await tussenrapportage.termijnen(
            session, tenant, caller, partner=partner, status=status_, jaar=jaar, soort=soort
        )
    )


@router.get(
    "/termijnen/ical",
    tags=["cyclus"],
    summary="The same deadlines as an iCalendar feed (RFC 5545) a calendar program subscribes to",
    response_class=Response,
    responses={200: {"description": "text/calendar", "content": {"text/calendar": {"schema": {"type": "string"}}}}},
)
async def termijnen_ical(
    session: SessionDep,
    tenant: TenantDep,
    caller: CallerDep,
    partner: Annotated[str | None, Query(max_length=200)] = None,
    status_: Annotated[schemas.TermijnStatus | None, Query(alias="status")] = None,
    jaar: TermijnJaar = None,
    soort: TermijnSoort = None,
) -> Response:
    """One all-day event per deadline, with a stable UID (a refresh updates, never doubles) and a reminder a week
    before what is still open; the filters as in the list."""
    items = await tussenrapportage.termijnen(
        session, tenant, caller, partner=partner, status=status_, jaar=jaar, soort=soort
    )
    body = tussenrapportage.ical(items, tenant=tenant, naam=gemeente_naam(tenant))
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'inline; filename="termijnen-{tenant}.ics"'},
    )
