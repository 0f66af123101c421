"""Routes: The dashboard overview — every track, its savings and its indicators' course in one call."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from stuurcyclus_common.auth import ALL_ROLES, POLICY_STAFF
from stuurcyclus_common.deadlines import today
from stuurcyclus_common.http import SessionDep, TenantDep, service_router

from . import schemas, service

router = service_router(read=ALL_ROLES, write=POLICY_STAFF)


@router.get(
    "/overzicht",
    response_model=schemas.Overzicht,
    tags=["overzicht"],
    summary="The dashboard in one call: every track with its savings and its indicators' course",
)
async def get_overzicht(
    session: SessionDep,
    tenant: TenantDep,
    jaar: Annotated[int | None, Query(ge=2000, le=2100, description="The savings year; default this year.")] = None,
) -> schemas.Overzicht:
    """Labels beside the codes (`statusLabel`, `koersLabel`; all of them at `GET /api/v1/labels`), values as JSON
    numbers, money as integer cents with its Dutch text. The cycle's phase and deadlines are the second call:
    `GET /gesprekstafels/cycli/{jaar}` and `/gesprekstafels/termijnen`."""
    return await service.overview(session, tenant, jaar or today().year)
