"""Routes: lessons learned and results of a period."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Response, status
from stuurcyclus_common.auth import ALL_ROLES, POLICY_STAFF
from stuurcyclus_common.http import IfMatchDep, SessionDep, TenantDep, service_router
from stuurcyclus_common.pagination import Page, PagerDep
from stuurcyclus_common.responses import CONFLICT, NOT_FOUND
from stuurcyclus_common.versioning import get_or_raise

from ..models import Les
from ..shared import service as shared_service
from ..shared.http import UPDATE, tag_version
from ..shared.schemas import WijzigingRead
from . import service
from .schemas import LesCreate, LesRead, LesUpdate

# Everyone may read the agenda (partners too: it is the municipality's public policy); policy staff change it.
router = service_router(read=ALL_ROLES, write=POLICY_STAFF)


@router.get(
    "/lessen", response_model=Page[LesRead], tags=["lessen"], summary="Lessons and results (of one half year or kind)"
)
async def list_lessen(
    session: SessionDep,
    tenant: TenantDep,
    pager: PagerDep,
    periode: Annotated[str | None, Query(pattern=r"^\d{4}S[12]$", description="Half year, e.g. `2023S2`.")] = None,
    soort: Annotated[str | None, Query(pattern=r"^(les|resultaat)$")] = None,
) -> Page[LesRead]:
    rows = await service.list_lessen(session, tenant, periode=periode, soort=soort)
    return pager.of([LesRead.model_validate(row) for row in rows])


@router.post(
    "/lessen",
    response_model=LesRead,
    status_code=status.HTTP_201_CREATED,
    tags=["lessen"],
    summary="Record a lesson or a result",
    responses=CONFLICT,
)
async def create_les(data: LesCreate, session: SessionDep, tenant: TenantDep, response: Response) -> LesRead:
    created = await service.create_les(session, tenant, data)
    tag_version(response, created)
    return LesRead.model_validate(created)


@router.get(
    "/lessen/{lesId}", response_model=LesRead, tags=["lessen"], summary="A lesson or a result", responses=NOT_FOUND
)
async def get_les(lesId: uuid.UUID, session: SessionDep, tenant: TenantDep, response: Response) -> LesRead:
    found = await get_or_raise(session, Les, tenant, lesId)
    tag_version(response, found)
    return LesRead.model_validate(found)


@router.patch(
    "/lessen/{lesId}",
    response_model=LesRead,
    tags=["lessen"],
    summary="Change a lesson or a result (If-Match or versie)",
    responses=UPDATE,
)
async def update_les(
    lesId: uuid.UUID,
    data: LesUpdate,
    session: SessionDep,
    tenant: TenantDep,
    response: Response,
    if_match: IfMatchDep,
) -> LesRead:
    changed = await service.update_les(session, tenant, lesId, data=data, if_match=if_match)
    tag_version(response, changed)
    return LesRead.model_validate(changed)


@router.get(
    "/lessen/{lesId}/historie",
    response_model=Page[WijzigingRead],
    tags=["lessen"],
    summary="Every version of it",
    responses=NOT_FOUND,
)
async def les_historie(
    lesId: uuid.UUID, session: SessionDep, tenant: TenantDep, pager: PagerDep
) -> Page[WijzigingRead]:
    rows = await shared_service.history(session, Les, tenant, lesId)
    return pager.of([WijzigingRead.model_validate(w) for w in rows])
