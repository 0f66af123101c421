"""Routes: a programme's measures (e.g. W4, the collectivisation of the Interventieplan 2018) and their outcome."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Response, status
from stuurcyclus_common.auth import ALL_ROLES, POLICY_STAFF
from stuurcyclus_common.http import IfMatchDep, SessionDep, TenantDep, service_router
from stuurcyclus_common.pagination import Page, PagerDep
from stuurcyclus_common.responses import CONFLICT, NOT_FOUND
from stuurcyclus_common.versioning import get_or_raise

from ..models import Maatregel
from ..shared import service as shared_service
from ..shared.http import UPDATE, tag_version
from ..shared.schemas import WijzigingRead
from . import service
from .schemas import MaatregelCreate, MaatregelRead, MaatregelUpdate

# Everyone may read the agenda (partners too: it is the municipality's public policy); policy staff change it.
router = service_router(read=ALL_ROLES, write=POLICY_STAFF)


@router.get(
    "/maatregelen",
    response_model=Page[MaatregelRead],
    tags=["maatregelen"],
    summary="Measures of programmes (of one track with `spoor`)",
)
async def list_maatregelen(
    session: SessionDep,
    tenant: TenantDep,
    pager: PagerDep,
    spoor: Annotated[int | None, Query(ge=1, le=6)] = None,
) -> Page[MaatregelRead]:
    rows = await service.list_maatregelen(session, tenant, spoor=spoor)
    return pager.of([MaatregelRead.model_validate(row) for row in rows])


@router.post(
    "/maatregelen",
    response_model=MaatregelRead,
    status_code=status.HTTP_201_CREATED,
    tags=["maatregelen"],
    summary="Record a measure (one per code)",
    responses=CONFLICT,
)
async def create_maatregel(
    data: MaatregelCreate, session: SessionDep, tenant: TenantDep, response: Response
) -> MaatregelRead:
    created = await service.create_maatregel(session, tenant, data)
    tag_version(response, created)
    return MaatregelRead.model_validate(created)


@router.get(
    "/maatregelen/{maatregelId}",
    response_model=MaatregelRead,
    tags=["maatregelen"],
    summary="A measure with its phases, prognosis, costs, risks and outcome",
    responses=NOT_FOUND,
)
async def get_maatregel(
    maatregelId: uuid.UUID, session: SessionDep, tenant: TenantDep, response: Response
) -> MaatregelRead:
    found = await get_or_raise(session, Maatregel, tenant, maatregelId)
    tag_version(response, found)
    return MaatregelRead.model_validate(found)


@router.patch(
    "/maatregelen/{maatregelId}",
    response_model=MaatregelRead,
    tags=["maatregelen"],
    summary="Change a measure: a phase, its prognosis, its outcome (If-Match or versie)",
    responses=UPDATE,
)
async def update_maatregel(
    maatregelId: uuid.UUID,
    data: MaatregelUpdate,
    session: SessionDep,
    tenant: TenantDep,
    response: Response,
    if_match: IfMatchDep,
) -> MaatregelRead:
    changed = await service.update_maatregel(session, tenant, maatregelId, data=data, if_match=if_match)
    tag_version(response, changed)
    return MaatregelRead.model_validate(changed)


@router.get(
    "/maatregelen/{maatregelId}/historie",
    response_model=Page[WijzigingRead],
    tags=["maatregelen"],
    summary="Every version of it",
    responses=NOT_FOUND,
)
async def maatregel_historie(
    maatregelId: uuid.UUID, session: SessionDep, tenant: TenantDep, pager: PagerDep
) -> Page[WijzigingRead]:
    rows = await shared_service.history(session, Maatregel, tenant, maatregelId)
    return pager.of([WijzigingRead.model_validate(w) for w in rows])
