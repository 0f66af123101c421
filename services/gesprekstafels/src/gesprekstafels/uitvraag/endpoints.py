"""Routes: The subsidy call of an ambition."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Request, status
from stuurcyclus_common.auth import ALL_ROLES, POLICY_STAFF, policy_staff
from stuurcyclus_common.http import SessionDep, TenantDep, service_router
from stuurcyclus_common.pagination import Page, build_page
from stuurcyclus_common.versioning import get_or_raise

from ..models import Uitvraag
from ..shared.http import ACTION, NOT_FOUND, Params
from . import schemas, service

# Everyone reads the calls; the municipality's policy staff draft and publish them.
router = service_router(read=ALL_ROLES, write=POLICY_STAFF)


@router.get("/uitvragen", response_model=Page[schemas.UitvraagRead], tags=["uitvraag"], summary="Subsidy calls")
async def list_uitvragen(
    request: Request,
    session: SessionDep,
    tenant: TenantDep,
    params: Params,
    jaar: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> Page[schemas.UitvraagRead]:
    count, rows = await service.list_uitvragen(session, tenant, params, jaar)
    return build_page(request, params, count, [await service.uitvraag_read(session, u) for u in rows])


@router.post(
    "/uitvragen",
    response_model=schemas.UitvraagRead,
    status_code=status.HTTP_201_CREATED,
    tags=["uitvraag"],
    summary="Draft the call of an ambition, built from January's prioritised tasks",
    responses=ACTION,
    dependencies=[policy_staff("draft a call")],
)
async def create_uitvraag(data: schemas.UitvraagCreate, session: SessionDep, tenant: TenantDep) -> schemas.UitvraagRead:
    return await service.uitvraag_read(session, await service.create_uitvraag(session, tenant, data))


@router.get(
    "/uitvragen/{uitvraagId}",
    response_model=schemas.UitvraagRead,
    tags=["uitvraag"],
    summary="A call",
    responses=NOT_FOUND,
)
async def get_uitvraag(uitvraagId: uuid.UUID, session: SessionDep, tenant: TenantDep) -> schemas.UitvraagRead:
    return await service.uitvraag_read(session, await get_or_raise(session, Uitvraag, tenant, uitvraagId))


@router.post(
    "/uitvragen/{uitvraagId}/publicatie",
    response_model=schemas.UitvraagRead,
    tags=["uitvraag"],
    summary="Publish a call (in the open call phase, with the ceiling from financien)",
    responses=ACTION,
    dependencies=[policy_staff("publish a call")],
)
async def publish_uitvraag(uitvraagId: uuid.UUID, session: SessionDep, tenant: TenantDep) -> schemas.UitvraagRead:
    return await service.uitvraag_read(session, await service.publish_uitvraag(session, tenant, uitvraagId))
