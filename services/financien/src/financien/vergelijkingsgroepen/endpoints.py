"""Routes: peer sets the municipality chose (with their reason and year), used by the Iv3 comparison."""

from __future__ import annotations

import uuid

from fastapi import status
from stuurcyclus_common.auth import FINANCE_STAFF, STAFF
from stuurcyclus_common.http import SessionDep, TenantDep, service_router
from stuurcyclus_common.pagination import Page, PagerDep
from stuurcyclus_common.responses import CONFLICT, NOT_FOUND, RULES

from . import service
from .schemas import VergelijkingsgroepCreate, VergelijkingsgroepRead

# The municipality's people and systems read the money (partners do not); finance staff change it.
router = service_router(read=STAFF, write=FINANCE_STAFF)


@router.get(
    "/vergelijkingsgroepen",
    response_model=Page[VergelijkingsgroepRead],
    tags=["iv3"],
    summary="Peer sets the municipality chose, beside CBS's size class",
)
async def list_groepen(session: SessionDep, tenant: TenantDep, pager: PagerDep) -> Page[VergelijkingsgroepRead]:
    return pager.of([VergelijkingsgroepRead.model_validate(g) for g in await service.list_groepen(session, tenant)])


@router.post(
    "/vergelijkingsgroepen",
    response_model=VergelijkingsgroepRead,
    status_code=status.HTTP_201_CREATED,
    tags=["iv3"],
    summary="Name a peer set (its reason, year and source)",
    responses={**CONFLICT, **RULES},
)
async def create_groep(
    data: VergelijkingsgroepCreate, session: SessionDep, tenant: TenantDep
) -> VergelijkingsgroepRead:
    return VergelijkingsgroepRead.model_validate(await service.create_groep(session, tenant, data))


@router.get(
    "/vergelijkingsgroepen/{groepId}",
    response_model=VergelijkingsgroepRead,
    tags=["iv3"],
    summary="A peer set",
    responses=NOT_FOUND,
)
async def get_groep(groepId: uuid.UUID, session: SessionDep, tenant: TenantDep) -> VergelijkingsgroepRead:
    return VergelijkingsgroepRead.model_validate(await service.get_groep(session, tenant, groepId))
