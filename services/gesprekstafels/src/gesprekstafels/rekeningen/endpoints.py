"""Routes: Bank accounts — the municipality's own (`houder` `gemeente`), which pays, and each partner's, which receives.

Staff only: read and changed by the municipality's finance and policy staff and the subsidy administration, never by
a partner (another partner's account is nobody's business) nor the council."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Response, status
from stuurcyclus_common.auth import FINANCE_STAFF, INTEGRATORS, POLICY_STAFF
from stuurcyclus_common.http import IfMatchDep, SessionDep, TenantDep, service_router
from stuurcyclus_common.pagination import Page, PagerDep
from stuurcyclus_common.versioning import get_or_raise

from ..models import Rekening
from ..shared.http import ACTION, NOT_FOUND, UPDATE, tag_version
from . import schemas, service

MONEY_STAFF = POLICY_STAFF | FINANCE_STAFF | INTEGRATORS
router = service_router(read=MONEY_STAFF, write=MONEY_STAFF)


@router.get(
    "/rekeningen",
    response_model=Page[schemas.RekeningRead],
    tags=["rekeningen"],
    summary="The bank accounts on record: the municipality's and each partner's",
)
async def list_rekeningen(
    session: SessionDep,
    tenant: TenantDep,
    pager: PagerDep,
    houder: Annotated[str | None, Query(max_length=200, description="`gemeente` or a partner's name.")] = None,
) -> Page[schemas.RekeningRead]:
    return pager.of([service.read(r) for r in await service.rekeningen(session, tenant, houder)])


@router.post(
    "/rekeningen",
    response_model=schemas.RekeningRead,
    status_code=status.HTTP_201_CREATED,
    tags=["rekeningen"],
    summary="Record a bank account (IBAN checked; the BIC read from it where the bank tells)",
    responses=ACTION,
)
async def create_rekening(
    data: schemas.RekeningCreate, session: SessionDep, tenant: TenantDep, response: Response
) -> schemas.RekeningRead:
    rekening = await service.create_rekening(session, tenant, data)
    tag_version(response, rekening.versie)
    return service.read(rekening)


@router.get(
    "/rekeningen/{rekeningId}",
    response_model=schemas.RekeningRead,
    tags=["rekeningen"],
    summary="A bank account",
    responses=NOT_FOUND,
)
async def get_rekening(
    rekeningId: uuid.UUID, session: SessionDep, tenant: TenantDep, response: Response
) -> schemas.RekeningRead:
    rekening = await get_or_raise(session, Rekening, tenant, rekeningId)
    tag_version(response, rekening.versie)
    return service.read(rekening)


@router.put(
    "/rekeningen/{rekeningId}",
    response_model=schemas.RekeningRead,
    tags=["rekeningen"],
    summary="Change a bank account (If-Match: the version read)",
    responses=UPDATE,
)
async def put_rekening(
    rekeningId: uuid.UUID,
    data: schemas.RekeningPut,
    session: SessionDep,
    tenant: TenantDep,
    if_match: IfMatchDep,
    response: Response,
) -> schemas.RekeningRead:
    rekening = await service.change_rekening(session, tenant, rekeningId, data, if_match)
    tag_version(response, rekening.versie)
    return service.read(rekening)
