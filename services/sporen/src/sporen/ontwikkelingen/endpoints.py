"""Routes: the register of developments around the agenda: trends, national programmes and laws, financial frames."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Response, status
from stuurcyclus_common.auth import ALL_ROLES, POLICY_STAFF
from stuurcyclus_common.http import IfMatchDep, SessionDep, TenantDep, service_router
from stuurcyclus_common.pagination import Page, PagerDep
from stuurcyclus_common.responses import CONFLICT, NOT_FOUND
from stuurcyclus_common.versioning import get_or_raise

from ..models import Ontwikkeling
from ..shared import service as shared_service
from ..shared.http import UPDATE, tag_version
from ..shared.schemas import WijzigingRead
from . import service
from .schemas import OntwikkelingCreate, OntwikkelingRead, OntwikkelingUpdate

# Everyone may read the agenda (partners too: it is the municipality's public policy); policy staff change it.
router = service_router(read=ALL_ROLES, write=POLICY_STAFF)


@router.get(
    "/ontwikkelingen",
    response_model=Page[OntwikkelingRead],
    tags=["ontwikkelingen"],
    summary="Developments (of one half year, kind or track)",
)
async def list_ontwikkelingen(
    session: SessionDep,
    tenant: TenantDep,
    pager: PagerDep,
    periode: Annotated[str | None, Query(pattern=r"^\d{4}S[12]$", description="Half year, e.g. `2023S2`.")] = None,
    soort: Annotated[str | None, Query(pattern=r"^(trend|landelijk|wetgeving|financieel|kader|overig)$")] = None,
    spoor: Annotated[int | None, Query(ge=1, le=6)] = None,
) -> Page[OntwikkelingRead]:
    rows = await service.list_ontwikkelingen(session, tenant, periode=periode, soort=soort, spoor=spoor)
    return pager.of([OntwikkelingRead.model_validate(row) for row in rows])


@router.post(
    "/ontwikkelingen",
    response_model=OntwikkelingRead,
    status_code=status.HTTP_201_CREATED,
    tags=["ontwikkelingen"],
    summary="Record a development",
    responses=CONFLICT,
)
async def create_ontwikkeling(
    data: OntwikkelingCreate, session: SessionDep, tenant: TenantDep, response: Response
) -> OntwikkelingRead:
    created = await service.create_ontwikkeling(session, tenant, data)
    tag_version(response, created)
    return OntwikkelingRead.model_validate(created)


@router.get(
    "/ontwikkelingen/{ontwikkelingId}",
    response_model=OntwikkelingRead,
    tags=["ontwikkelingen"],
    summary="A development",
    responses=NOT_FOUND,
)
async def get_ontwikkeling(
    ontwikkelingId: uuid.UUID, session: SessionDep, tenant: TenantDep, response: Response
) -> OntwikkelingRead:
    found = await get_or_raise(session, Ontwikkeling, tenant, ontwikkelingId)
    tag_version(response, found)
    return OntwikkelingRead.model_validate(found)


@router.patch(
    "/ontwikkelingen/{ontwikkelingId}",
    response_model=OntwikkelingRead,
    tags=["ontwikkelingen"],
    summary="Change a development, e.g. its date in force (If-Match or versie)",
    responses=UPDATE,
)
async def update_ontwikkeling(
    ontwikkelingId: uuid.UUID,
    data: OntwikkelingUpdate,
    session: SessionDep,
    tenant: TenantDep,
    response: Response,
    if_match: IfMatchDep,
) -> OntwikkelingRead:
    changed = await service.update_ontwikkeling(session, tenant, ontwikkelingId, data=data, if_match=if_match)
    tag_version(response, changed)
    return OntwikkelingRead.model_validate(changed)


@router.get(
    "/ontwikkelingen/{ontwikkelingId}/historie",
    response_model=Page[WijzigingRead],
    tags=["ontwikkelingen"],
    summary="Every version of it",
    responses=NOT_FOUND,
)
async def ontwikkeling_historie(
    ontwikkelingId: uuid.UUID, session: SessionDep, tenant: TenantDep, pager: PagerDep
) -> Page[WijzigingRead]:
    rows = await shared_service.history(session, Ontwikkeling, tenant, ontwikkelingId)
    return pager.of([WijzigingRead.model_validate(w) for w in rows])
