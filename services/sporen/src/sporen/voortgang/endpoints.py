"""Routes: a track's progress per half year (the report's per-track chapter)."""

from __future__ import annotations

import uuid

from fastapi import Response, status
from stuurcyclus_common.auth import ALL_ROLES, POLICY_STAFF
from stuurcyclus_common.http import IfMatchDep, SessionDep, TenantDep, service_router
from stuurcyclus_common.pagination import Page, PagerDep
from stuurcyclus_common.responses import CONFLICT, NOT_FOUND

from ..models import Spoor
from ..shared.http import UPDATE, tag_version
from . import service
from .schemas import VoortgangCreate, VoortgangRead, VoortgangUpdate

# Everyone may read the agenda (partners too: it is the municipality's public policy); policy staff change it.
router = service_router(read=ALL_ROLES, write=POLICY_STAFF)


@router.get(
    "/sporen/{spoorId}/voortgang",
    response_model=Page[VoortgangRead],
    tags=["voortgang"],
    summary="Progress of a track per half year",
    responses=NOT_FOUND,
)
async def list_voortgang(
    spoorId: uuid.UUID, session: SessionDep, tenant: TenantDep, pager: PagerDep
) -> Page[VoortgangRead]:
    spoor = await service.get_or_raise(session, Spoor, tenant, spoorId)
    return pager.of([VoortgangRead.model_validate(v) for v in await service.list_voortgang(session, spoor)])


@router.post(
    "/sporen/{spoorId}/voortgang",
    response_model=VoortgangRead,
    status_code=status.HTTP_201_CREATED,
    tags=["voortgang"],
    summary="Record a track's progress for a half year",
    responses={**NOT_FOUND, **CONFLICT},
)
async def create_voortgang(
    spoorId: uuid.UUID, data: VoortgangCreate, session: SessionDep, tenant: TenantDep, response: Response
) -> VoortgangRead:
    voortgang = await service.create_voortgang(session, tenant, spoorId, data)
    tag_version(response, voortgang)
    return VoortgangRead.model_validate(voortgang)


@router.patch(
    "/voortgang/{voortgangId}",
    response_model=VoortgangRead,
    tags=["voortgang"],
    summary="Change a progress record",
    responses=UPDATE,
)
async def update_voortgang(
    voortgangId: uuid.UUID,
    data: VoortgangUpdate,
    session: SessionDep,
    tenant: TenantDep,
    response: Response,
    if_match: IfMatchDep,
) -> VoortgangRead:
    voortgang = await service.update_voortgang(session, tenant, voortgangId, data=data, if_match=if_match)
    tag_version(response, voortgang)
    return VoortgangRead.model_validate(voortgang)
