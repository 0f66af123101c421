"""Routes: prognoses of an indicator, apart from its measurements and targets."""

from __future__ import annotations

from fastapi import status
from stuurcyclus_common.auth import ALL_ROLES, POLICY_STAFF
from stuurcyclus_common.http import SessionDep, TenantDep, service_router
from stuurcyclus_common.pagination import Page, PagerDep
from stuurcyclus_common.responses import NOT_FOUND, RULES

from ..shared import service as shared_service
from ..shared.http import IndicatorCode
from . import service
from .schemas import PrognoseRead, PrognoseSet

# Everyone may read indicators and measurements; policy staff change them (partners deliver theirs by report).
router = service_router(read=ALL_ROLES, write=POLICY_STAFF)


@router.get(
    "/indicatoren/{code}/prognoses",
    response_model=Page[PrognoseRead],
    tags=["indicatoren"],
    summary="An indicator's prognoses per period, area and scenario (never part of its course)",
    responses=NOT_FOUND,
)
async def list_prognoses(
    code: IndicatorCode, session: SessionDep, tenant: TenantDep, pager: PagerDep
) -> Page[PrognoseRead]:
    indicator = await shared_service.get_indicator(session, tenant, code)
    return pager.of([PrognoseRead.model_validate(p) for p in await service.prognoses(session, indicator)])


@router.post(
    "/indicatoren/{code}/prognoses",
    response_model=list[PrognoseRead],
    status_code=status.HTTP_201_CREATED,
    tags=["indicatoren"],
    summary="Set (or replace) a prognosis for a period, area and scenario, with its source",
    responses={**NOT_FOUND, **RULES},
)
async def set_prognose(
    code: IndicatorCode, data: PrognoseSet, session: SessionDep, tenant: TenantDep
) -> list[PrognoseRead]:
    indicator = await shared_service.get_indicator(session, tenant, code)
    await service.set_prognose(session, tenant, indicator, data)
    return [PrognoseRead.model_validate(p) for p in await service.prognoses(session, indicator)]
