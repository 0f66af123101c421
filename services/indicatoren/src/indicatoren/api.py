"""HTTP routes of the indicatoren service, under /api/v1/indicatoren."""

from __future__ import annotations

import uuid

from stuurcyclus_common.errors import Problem
from stuurcyclus_common.http import SessionDep, TenantDep, service_router
from stuurcyclus_common.readmodel import SpoorReferentieRead, add_reference_list

from . import service
from .models import SpoorReferentie

router = service_router(tags=["indicatoren"])
add_reference_list(router, "/sporen", SpoorReferentie, SpoorReferentieRead, SpoorReferentie.nummer, "Tracks known here")


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
