"""Routes: targets per indicator, year and area."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path
from stuurcyclus_common.auth import ALL_ROLES, POLICY_STAFF
from stuurcyclus_common.http import SessionDep, TenantDep, service_router
from stuurcyclus_common.pagination import Page, PagerDep
from stuurcyclus_common.responses import NOT_FOUND

from ..shared import service as shared_service
from ..shared.http import IndicatorCode
from . import service
from .schemas import StreefwaardeRead, StreefwaardeSet

# Everyone may read indicators and measurements; policy staff change them (partners deliver theirs by report).
router = service_router(read=ALL_ROLES, write=POLICY_STAFF)


@router.get(
    "/indicatoren/{code}/streefwaarden",
    response_model=Page[StreefwaardeRead],
    tags=["indicatoren"],
    responses=NOT_FOUND,
)
async def list_streefwaarden(
    code: IndicatorCode, session: SessionDep, tenant: TenantDep, pager: PagerDep
) -> Page[StreefwaardeRead]:
    """An indicator's targets per year and area."""
    indicator = await shared_service.get_indicator(session, tenant, code)
    return pager.of([StreefwaardeRead.model_validate(t) for t in await service.targets(session, indicator)])


@router.put(
    "/indicatoren/{code}/streefwaarden/{jaar}/{gebied}",
    response_model=list[StreefwaardeRead],
    tags=["indicatoren"],
    responses=NOT_FOUND,
)
async def set_streefwaarde(
    code: IndicatorCode,
    jaar: Annotated[int, Path(ge=1900, le=2100)],
    gebied: Annotated[str, Path(pattern=r"^(GM\d{4}|WK\d{6}|BU\d{8})$")],
    data: StreefwaardeSet,
    session: SessionDep,
    tenant: TenantDep,
) -> list[StreefwaardeRead]:
    """Set (or replace) the target of an indicator for a year in an area."""
    indicator = await shared_service.get_indicator(session, tenant, code)
    await service.set_target(session, tenant, indicator, jaar=jaar, gebied=gebied, waarde=data.waarde)
    return [StreefwaardeRead.model_validate(t) for t in await service.targets(session, indicator)]
