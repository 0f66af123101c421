"""HTTP routes of the sporen service, under /api/v1/sporen."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Header, Request, Response, status
from stuurcyclus_common.errors import InvalidInput, Problem
from stuurcyclus_common.http import SessionDep, TenantDep, service_router
from stuurcyclus_common.pagination import Page, PageParams, build_page, page_params

from . import service
from .schemas import SpoorCreate, SpoorRead, SpoorUpdate

router = service_router(tags=["sporen"])
NOT_FOUND = {404: {"model": Problem, "description": "No such track in this municipality."}}


def _etag(versie: int) -> str:
    return f'"{versie}"'


def _parse_if_match(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.strip().removeprefix("W/").strip('"'))
    except ValueError:
        raise InvalidInput.field("header.If-Match", 'must be the ETag of the track, e.g. "3"') from None


@router.get("/sporen", response_model=Page[SpoorRead], summary="List the tracks of the municipality")
async def list_sporen(
    request: Request, session: SessionDep, tenant: TenantDep, params: Annotated[PageParams, Depends(page_params)]
) -> Page[SpoorRead]:
    count, rows = await service.get_all(session=session, tenant=tenant, params=params)
    return build_page(request, params, count, [SpoorRead.model_validate(r) for r in rows])


@router.post(
    "/sporen",
    response_model=SpoorRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add a track",
    responses={409: {"model": Problem, "description": "The number is taken."}},
)
async def create_spoor(data: SpoorCreate, session: SessionDep, tenant: TenantDep, response: Response) -> SpoorRead:
    spoor = await service.create(session=session, tenant=tenant, data=data)
    response.headers["ETag"] = _etag(spoor.versie)
    return SpoorRead.model_validate(spoor)


@router.get("/sporen/{spoorId}", response_model=SpoorRead, summary="Read one track", responses=NOT_FOUND)
async def get_spoor(spoorId: uuid.UUID, session: SessionDep, tenant: TenantDep, response: Response) -> SpoorRead:
    spoor = await service.get_or_raise(session=session, tenant=tenant, spoor_id=spoorId)
    response.headers["ETag"] = _etag(spoor.versie)
    return SpoorRead.model_validate(spoor)


@router.patch(
    "/sporen/{spoorId}",
    response_model=SpoorRead,
    summary="Change a track (optimistic concurrency: If-Match or versie)",
    responses={
        **NOT_FOUND,
        412: {"model": Problem, "description": "The track changed since you read it."},
        428: {"model": Problem, "description": "No version given."},
    },
)
async def update_spoor(
    spoorId: uuid.UUID,
    data: SpoorUpdate,
    session: SessionDep,
    tenant: TenantDep,
    response: Response,
    if_match: Annotated[str | None, Header(alias="If-Match", description="ETag of the version you read.")] = None,
) -> SpoorRead:
    spoor = await service.update(
        session=session, tenant=tenant, spoor_id=spoorId, data=data, if_match=_parse_if_match(if_match)
    )
    response.headers["ETag"] = _etag(spoor.versie)
    return SpoorRead.model_validate(spoor)
