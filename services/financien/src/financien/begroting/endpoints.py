"""Routes: budget lines, reallocations between them, and the council's budget."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import Query, status
from stuurcyclus_common.auth import FINANCE_STAFF, STAFF
from stuurcyclus_common.errors import Problem
from stuurcyclus_common.http import SessionDep, TenantDep, service_router
from stuurcyclus_common.pagination import Page, PagerDep
from stuurcyclus_common.responses import CONFLICT, NOT_FOUND

from . import service
from .schemas import (
    BegrotingCreate,
    BegrotingRead,
    BegrotingspostCreate,
    BegrotingspostRead,
    Vaststelling,
    VerschuivingCreate,
    VerschuivingRead,
)

# The municipality's people and systems read the money (partners do not); finance staff change it.
router = service_router(read=STAFF, write=FINANCE_STAFF)


@router.get("/begrotingsposten", response_model=Page[BegrotingspostRead], tags=["begroting"])
async def list_posten(
    session: SessionDep,
    tenant: TenantDep,
    pager: PagerDep,
    jaar: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    soort: Literal["budget", "programmakosten", "investering", "bestedingsvoorstel"] | None = None,
) -> Page[BegrotingspostRead]:
    """Budgets, programme costs, investments and spending proposals."""
    posten = await service.list_posten(session, tenant, jaar=jaar, soort=soort)
    return pager.of(await service.post_reads(session, posten))


@router.post(
    "/begrotingsposten",
    response_model=BegrotingspostRead,
    status_code=status.HTTP_201_CREATED,
    tags=["begroting"],
)
async def create_post(data: BegrotingspostCreate, session: SessionDep, tenant: TenantDep) -> BegrotingspostRead:
    """Propose a budget line."""
    post = await service.create_post(session, tenant, data)
    return (await service.post_reads(session, [post]))[0]


@router.post(
    "/begrotingsposten/{postId}/vaststelling",
    response_model=BegrotingspostRead,
    tags=["begroting"],
    responses={**NOT_FOUND, **CONFLICT},
)
async def adopt_post(postId: uuid.UUID, session: SessionDep, tenant: TenantDep) -> BegrotingspostRead:
    """Mark a proposed budget line as adopted."""
    post = await service.adopt_post(session, tenant, postId)
    return (await service.post_reads(session, [post]))[0]


@router.get("/verschuivingen", response_model=Page[VerschuivingRead], tags=["begroting"])
async def list_verschuivingen(session: SessionDep, tenant: TenantDep, pager: PagerDep) -> Page[VerschuivingRead]:
    """Reallocations between budget lines (*flexibel schuiven*), oldest first."""
    rows = await service.list_verschuivingen(session, tenant)
    return pager.of([VerschuivingRead.model_validate(v) for v in rows])


@router.post(
    "/verschuivingen",
    response_model=VerschuivingRead,
    status_code=status.HTTP_201_CREATED,
    tags=["begroting"],
    responses={**CONFLICT, 422: {"model": Problem, "description": "Unknown line, same line or another year."}},
)
async def reallocate(data: VerschuivingCreate, session: SessionDep, tenant: TenantDep) -> VerschuivingRead:
    """Move money from one budget line to another, with the reason."""
    verschuiving = await service.reallocate(session, tenant, data)
    return VerschuivingRead.model_validate(verschuiving)


@router.get("/begrotingen", response_model=Page[BegrotingRead], tags=["begroting"])
async def list_begrotingen(session: SessionDep, tenant: TenantDep, pager: PagerDep) -> Page[BegrotingRead]:
    """The budgets per year and whether the council adopted them."""
    return pager.of([BegrotingRead.model_validate(r) for r in await service.list_begrotingen(session, tenant)])


@router.post(
    "/begrotingen",
    response_model=BegrotingRead,
    status_code=status.HTTP_201_CREATED,
    tags=["begroting"],
    responses=CONFLICT,
)
async def create_begroting(data: BegrotingCreate, session: SessionDep, tenant: TenantDep) -> BegrotingRead:
    """Propose the budget of a year."""
    return BegrotingRead.model_validate(await service.create_begroting(session, tenant, data.jaar))


@router.post(
    "/begrotingen/{begrotingId}/vaststelling",
    response_model=BegrotingRead,
    tags=["begroting"],
    responses={**NOT_FOUND, **CONFLICT},
)
async def adopt_begroting(
    begrotingId: uuid.UUID, data: Vaststelling, session: SessionDep, tenant: TenantDep
) -> BegrotingRead:
    """The council adopted the budget (*begroting vastgesteld*); announced as an event."""
    begroting = await service.adopt_begroting(session, tenant, begrotingId, data.vastgesteld_op)
    return BegrotingRead.model_validate(begroting)
