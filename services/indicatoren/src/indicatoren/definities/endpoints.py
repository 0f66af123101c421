"""Routes: indicator definitions, one by one or the monitor catalogue at once."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends, Query, Request, status
from stuurcyclus_common.auth import ALL_ROLES, POLICY_STAFF
from stuurcyclus_common.errors import Problem
from stuurcyclus_common.http import SessionDep, TenantDep, service_router, upload_text
from stuurcyclus_common.pagination import Page, PageParams, build_page, page_params
from stuurcyclus_common.responses import NOT_FOUND

from ..shared import service as shared_service
from ..shared.http import IndicatorCode
from . import catalogus, service
from .schemas import CatalogusResult, IndicatorCreate, IndicatorRead

# Everyone may read indicators and measurements; policy staff change them (partners deliver theirs by report).
router = service_router(read=ALL_ROLES, write=POLICY_STAFF)


@router.get("/indicatoren", response_model=Page[IndicatorRead], tags=["indicatoren"])
async def list_indicatoren(
    request: Request,
    session: SessionDep,
    tenant: TenantDep,
    params: Annotated[PageParams, Depends(page_params)],
    spoor: Annotated[int | None, Query(ge=1, le=99)] = None,
    dimensie: Literal["financien", "kwantiteit", "kwaliteit"] | None = None,
) -> Page[IndicatorRead]:
    """Indicator definitions, by track and code."""
    count, rows = await service.list_indicators(session, tenant, params, spoor=spoor, dimensie=dimensie)
    return build_page(request, params, count, [IndicatorRead.model_validate(r) for r in rows])


@router.post(
    "/indicatoren",
    response_model=IndicatorRead,
    status_code=status.HTTP_201_CREATED,
    tags=["indicatoren"],
    responses={409: {"model": Problem, "description": "The code is taken."}},
)
async def create_indicator(data: IndicatorCreate, session: SessionDep, tenant: TenantDep) -> IndicatorRead:
    """Define an indicator: what is measured, for which track and level, and which way it should move."""
    indicator = await service.create_indicator(session, tenant, data)
    await service.announce_definitions(session, tenant, [indicator])
    return IndicatorRead.model_validate(indicator)


@router.get("/indicatoren/{code}", response_model=IndicatorRead, tags=["indicatoren"], responses=NOT_FOUND)
async def get_indicator(code: IndicatorCode, session: SessionDep, tenant: TenantDep) -> IndicatorRead:
    """One indicator definition."""
    return IndicatorRead.model_validate(await shared_service.get_indicator(session, tenant, code))


@router.post(
    "/catalogus",
    response_model=CatalogusResult,
    tags=["indicatoren"],
    responses={422: {"model": Problem, "description": "A bad row (named by line); nothing was imported."}},
    openapi_extra={"requestBody": {"required": True, "content": {"text/csv": {"schema": {"type": "string"}}}}},
)
async def import_catalogus(request: Request, session: SessionDep, tenant: TenantDep) -> CatalogusResult:
    """Import the municipality's own indicator catalogue (the neighbourhood monitor's `variabelen.csv`)."""
    content = await upload_text(request, limit_mib=20, what="a catalogue")
    return await catalogus.import_catalogue(session, tenant, content)
