"""Routes: The yearly cycle: its phases, what is due (termijnen), and the interim report."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Path, Query, Request, status
from stuurcyclus_common.http import DatabaseDep, SessionDep, TenantDep
from stuurcyclus_common.identity import CallerDep
from stuurcyclus_common.pagination import Page, PagerDep, build_page

from .. import cyclus, reads, schemas, service
from .common import ACTION, CONFLICT, FORBIDDEN, NOT_FOUND, FasePath, JaarPath, Params, router


@router.get("/cycli", response_model=Page[schemas.CyclusRead], tags=["cyclus"], summary="The yearly cycles")
async def list_cycli(
    request: Request, session: SessionDep, tenant: TenantDep, params: Params
) -> Page[schemas.CyclusRead]:
    count, rows = await cyclus.list_cycli(session, tenant, params)
    return build_page(request, params, count, [await cyclus.read(session, c) for c in rows])


@router.post(
    "/cycli",
    response_model=schemas.CyclusRead,
    status_code=status.HTTP_201_CREATED,
    tags=["cyclus"],
    summary="Start the cycle of a year (all phases planned in their default months)",
    responses={**FORBIDDEN, **CONFLICT},
)
async def create_cyclus(
    data: schemas.CyclusCreate, session: SessionDep, tenant: TenantDep, caller: CallerDep
) -> schemas.CyclusRead:
    caller.require_gemeente("start a cycle")
    return await cyclus.read(session, await cyclus.create(session, tenant, data))


@router.get(
    "/cycli/{jaar}",
    response_model=schemas.CyclusRead,
    tags=["cyclus"],
    summary="A year's cycle: phases, what is open, what is late",
    responses=NOT_FOUND,
)
async def get_cyclus(jaar: JaarPath, database: DatabaseDep, tenant: TenantDep) -> schemas.CyclusRead:
    return await reads.cyclus_read(database, tenant, jaar)  # the hot read: one prepared statement, no ORM session


@router.post(
    "/cycli/{jaar}/fasen/{fase}/opening",
    response_model=schemas.CyclusRead,
    tags=["cyclus"],
    summary="Open a phase (refused while the phases it needs are not closed)",
    responses=ACTION,
)
async def open_fase(
    jaar: JaarPath,
    fase: FasePath,
    session: SessionDep,
    tenant: TenantDep,
    caller: CallerDep,
    data: schemas.FaseCommand | None = None,
) -> schemas.CyclusRead:
    caller.require_gemeente("open a phase")
    return await cyclus.read(session, await cyclus.open_fase(session, tenant, jaar, fase, data.reden if data else None))


@router.post(
    "/cycli/{jaar}/fasen/{fase}/sluiting",
    response_model=schemas.CyclusRead,
    tags=["cyclus"],
    summary="Close a phase (`begroting` closes only on financien's budget event)",
    responses=ACTION,
)
async def close_fase(
    jaar: JaarPath,
    fase: FasePath,
    session: SessionDep,
    tenant: TenantDep,
    caller: CallerDep,
    data: schemas.FaseCommand | None = None,
) -> schemas.CyclusRead:
    caller.require_gemeente("close a phase")
    closed = await cyclus.close_fase(session, tenant, jaar, fase, data.reden if data else None)
    if fase == "uitvraag":
        await service.close_calls(session, closed)
    return await cyclus.read(session, closed)


@router.get(
    "/tussenrapportages/{subsidiejaar}",
    response_model=schemas.Tussenrapportage,
    tags=["cyclus"],
    summary="Interim report: per ambition granted, reported, spent, settled, reclaimed",
    responses=FORBIDDEN,
)
async def get_tussenrapportage(
    subsidiejaar: Annotated[int, Path(ge=2000, le=2100)], session: SessionDep, tenant: TenantDep, caller: CallerDep
) -> schemas.Tussenrapportage:
    caller.require_staff("read the interim report of all partners")
    return await service.tussenrapportage(session, tenant, subsidiejaar)


@router.get(
    "/termijnen",
    response_model=Page[schemas.Termijn],
    tags=["cyclus"],
    summary="What is due and overdue, per phase and per partner (a partner sees its own)",
)
async def list_termijnen(
    session: SessionDep,
    tenant: TenantDep,
    caller: CallerDep,
    pager: PagerDep,
    partner: Annotated[str | None, Query(max_length=200)] = None,
    status_: Annotated[Literal["open", "verlopen", "voldaan"] | None, Query(alias="status")] = None,
) -> Page[schemas.Termijn]:
    return pager.of(await service.termijnen(session, tenant, caller, partner, status_))
