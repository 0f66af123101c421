"""Routes: whether an indicator (and a track) moves the expected way."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from stuurcyclus_common.auth import ALL_ROLES, POLICY_STAFF
from stuurcyclus_common.http import SessionDep, TenantDep, service_router
from stuurcyclus_common.identity import CallerDep
from stuurcyclus_common.responses import NOT_FOUND

from ..shared import service as shared_service
from ..shared.http import GebiedQuery, IndicatorCode
from . import service
from .schemas import KoersOverzicht, KoersRead

# Everyone may read indicators and measurements; policy staff change them (partners deliver theirs by report).
router = service_router(read=ALL_ROLES, write=POLICY_STAFF)


@router.get("/indicatoren/{code}/koers", response_model=KoersRead, tags=["koers"], responses=NOT_FOUND)
async def koers(
    code: IndicatorCode, session: SessionDep, tenant: TenantDep, caller: CallerDep, gebied: GebiedQuery = None
) -> KoersRead:
    """Does the series move the expected way? On course, off course, or not enough data, with the figures."""
    indicator = await shared_service.get_indicator(session, tenant, code)
    return (await service.courses(session, tenant, [indicator], gebied=gebied or tenant, caller=caller))[0]


@router.get("/koersoverzicht", response_model=KoersOverzicht, tags=["koers"])
async def koersoverzicht(
    session: SessionDep,
    tenant: TenantDep,
    caller: CallerDep,
    spoor: Annotated[int, Query(ge=1, le=99, description="Track number.")],
    gebied: GebiedQuery = None,
) -> KoersOverzicht:
    """A track's indicators and their course in one area (municipality, wijk or buurt), with a count per status."""
    return await service.track_overview(session, tenant, spoor, gebied=gebied or tenant, caller=caller)
