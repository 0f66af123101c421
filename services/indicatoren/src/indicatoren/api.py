"""HTTP routes of the indicatoren service, under /api/v1/indicatoren."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Request
from stuurcyclus_common.errors import Problem
from stuurcyclus_common.http import SessionDep, TenantDep, service_router
from stuurcyclus_common.pagination import Page, PageParams, build_page, page_params

from . import service
from .schemas import SpoorReferentieRead

router = service_router(tags=["indicatoren"])


@router.get("/sporen", response_model=Page[SpoorReferentieRead], summary="Tracks known to indicatoren")
async def list_sporen(
    request: Request, session: SessionDep, tenant: TenantDep, params: Annotated[PageParams, Depends(page_params)]
) -> Page[SpoorReferentieRead]:
    count, rows = await service.get_sporen(session=session, tenant=tenant, params=params)
    return build_page(request, params, count, [SpoorReferentieRead.model_validate(r) for r in rows])


@router.get(
    "/sporen/{spoorId}",
    response_model=SpoorReferentieRead,
    summary="One track as known to indicatoren",
    responses={404: {"model": Problem, "description": "Not known (yet)."}},
)
async def get_spoor(spoorId: uuid.UUID, session: SessionDep, tenant: TenantDep) -> SpoorReferentieRead:
    return SpoorReferentieRead.model_validate(
        await service.get_spoor_or_raise(session=session, tenant=tenant, spoor_id=spoorId)
    )
