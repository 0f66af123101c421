"""Routes: the six tracks (sporen) of the reform agenda, their interfaces with each other and their history."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Request, Response, status
from stuurcyclus_common.auth import ALL_ROLES, POLICY_STAFF
from stuurcyclus_common.hotreads import hot_read
from stuurcyclus_common.http import DatabaseDep, IfMatchDep, SessionDep, TenantDep, service_router
from stuurcyclus_common.pagination import Page, PagerDep, build_page
from stuurcyclus_common.responses import CONFLICT, NOT_FOUND

from ..models import Spoor
from ..shared import service as shared_service
from ..shared.http import UPDATE, Expand, Params, tag_version
from ..shared.schemas import WijzigingRead
from . import reads, service
from .schemas import SpoorCreate, SpoorRead, SpoorstandCreate, SpoorstandRead, SpoorStatus, SpoorUpdate

# Everyone may read the agenda (partners too: it is the municipality's public policy); policy staff change it.
router = service_router(read=ALL_ROLES, write=POLICY_STAFF)


@hot_read  # answered in the hot lane (stuurcyclus_common.hotreads)
@router.get("/sporen", response_model=Page[SpoorRead], tags=["sporen"], summary="List the tracks")
async def list_sporen(
    request: Request,
    database: DatabaseDep,
    tenant: TenantDep,
    params: Params,
    status_: Annotated[SpoorStatus | None, Query(alias="status")] = None,
    zoek: Annotated[str | None, Query(min_length=1, max_length=200, description="Search name and problem.")] = None,
) -> Page[SpoorRead]:
    count, results = await reads.sporen(
        database, tenant, limit=params.page_size, offset=params.offset, status=status_, zoek=zoek
    )
    return build_page(request, params, count, results)


@router.post(
    "/sporen",
    response_model=SpoorRead,
    status_code=status.HTTP_201_CREATED,
    tags=["sporen"],
    summary="Add a track",
    responses={**CONFLICT, 422: UPDATE[422]},
)
async def create_spoor(data: SpoorCreate, session: SessionDep, tenant: TenantDep, response: Response) -> SpoorRead:
    spoor = await service.create_spoor(session, tenant, data)
    tag_version(response, spoor)
    return await service.spoor_read(session, spoor)


@hot_read  # answered in the hot lane (stuurcyclus_common.hotreads)
@router.get(
    "/sporen/{spoorId}",
    response_model=SpoorRead,
    tags=["sporen"],
    summary="Read a track, its interfaces expanded",
    responses=NOT_FOUND,
)
async def get_spoor(
    spoorId: uuid.UUID, database: DatabaseDep, tenant: TenantDep, response: Response, expand: Expand = None
) -> SpoorRead:
    if not expand:  # the hot read: one prepared statement, no ORM session at all
        read = await reads.spoor(database, tenant, spoorId)
        tag_version(response, read)
        return read
    async with database.read_sessionmaker() as session:
        spoor = await service.get_or_raise(session, Spoor, tenant, spoorId)
        tag_version(response, spoor)
        return await service.spoor_read(session, spoor, set(expand.split(",")))


@router.patch(
    "/sporen/{spoorId}",
    response_model=SpoorRead,
    tags=["sporen"],
    summary="Change a track (If-Match or versie)",
    responses=UPDATE,
)
async def update_spoor(
    spoorId: uuid.UUID,
    data: SpoorUpdate,
    session: SessionDep,
    tenant: TenantDep,
    response: Response,
    if_match: IfMatchDep,
) -> SpoorRead:
    spoor = await service.update_spoor(session, tenant, spoorId, data=data, if_match=if_match)
    tag_version(response, spoor)
    return await service.spoor_read(session, spoor)


@router.get(
    "/sporen/{spoorId}/historie",
    response_model=Page[WijzigingRead],
    tags=["sporen"],
    summary="Every version of a track",
    responses=NOT_FOUND,
)
async def spoor_historie(
    spoorId: uuid.UUID, session: SessionDep, tenant: TenantDep, pager: PagerDep
) -> Page[WijzigingRead]:
    return pager.of(
        [WijzigingRead.model_validate(w) for w in await shared_service.history(session, Spoor, tenant, spoorId)]
    )


@router.get(
    "/sporen/{spoorId}/standen",
    response_model=Page[SpoorstandRead],
    tags=["sporen"],
    summary="A track's state per half year: active, changed scope, completed, evaluated (2019's beside 2023's)",
    responses=NOT_FOUND,
)
async def list_standen(
    spoorId: uuid.UUID, session: SessionDep, tenant: TenantDep, pager: PagerDep
) -> Page[SpoorstandRead]:
    return pager.of([SpoorstandRead.model_validate(s) for s in await service.list_standen(session, tenant, spoorId)])


@router.post(
    "/sporen/{spoorId}/standen",
    response_model=SpoorstandRead,
    status_code=status.HTTP_201_CREATED,
    tags=["sporen"],
    summary="Record a track's state in a half year (the latest sets the track's status)",
    responses={**NOT_FOUND, **CONFLICT},
)
async def record_stand(
    spoorId: uuid.UUID, data: SpoorstandCreate, session: SessionDep, tenant: TenantDep
) -> SpoorstandRead:
    return SpoorstandRead.model_validate(await service.record_stand(session, tenant, spoorId, data))
