"""Routes: qualitative observations beside the figures."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, status
from stuurcyclus_common.auth import ALL_ROLES, POLICY_STAFF
from stuurcyclus_common.errors import Problem
from stuurcyclus_common.http import SessionDep, TenantDep, service_router
from stuurcyclus_common.identity import CallerDep
from stuurcyclus_common.pagination import Page, PagerDep
from stuurcyclus_common.responses import NOT_FOUND

from . import service
from .schemas import WaarnemingCreate, WaarnemingRead

# Everyone may read indicators and measurements; policy staff change them (partners deliver theirs by report).
router = service_router(read=ALL_ROLES, write=POLICY_STAFF)


@router.get("/waarnemingen", response_model=Page[WaarnemingRead], tags=["waarnemingen"])
async def list_waarnemingen(
    session: SessionDep,
    tenant: TenantDep,
    pager: PagerDep,
    caller: CallerDep,
    spoor: Annotated[int | None, Query(ge=1, le=99)] = None,
    indicator: Annotated[str | None, Query(pattern=r"^[\w.\-]{1,60}$")] = None,
) -> Page[WaarnemingRead]:
    """Qualitative observations (reflexive monitoring), oldest first."""
    return pager.of(await service.observations(session, tenant, spoor=spoor, indicator=indicator, caller=caller))


@router.post(
    "/waarnemingen",
    response_model=WaarnemingRead,
    status_code=status.HTTP_201_CREATED,
    tags=["waarnemingen"],
    responses={**NOT_FOUND, 422: {"model": Problem, "description": "About neither a track nor an indicator."}},
)
async def add_waarneming(data: WaarnemingCreate, session: SessionDep, tenant: TenantDep) -> WaarnemingRead:
    """Record an observation from a table session, a partner or a residents' panel."""
    return await service.add_observation(session, tenant, data)
