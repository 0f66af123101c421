"""Routes: the tracks this service knows (kept from sporen's events)."""

from __future__ import annotations

import uuid

from stuurcyclus_common.auth import ALL_ROLES, POLICY_STAFF
from stuurcyclus_common.http import SessionDep, TenantDep, service_router
from stuurcyclus_common.readmodel import SpoorReferentieRead, add_reference_list
from stuurcyclus_common.responses import NOT_FOUND

from ..models import SpoorReferentie
from . import service

# Everyone may read indicators and measurements; policy staff change them (partners deliver theirs by report).
router = service_router(read=ALL_ROLES, write=POLICY_STAFF)


add_reference_list(router, "/sporen", SpoorReferentie, SpoorReferentieRead, SpoorReferentie.nummer, "Tracks known here")


@router.get(
    "/sporen/{spoorId}",
    response_model=SpoorReferentieRead,
    tags=["indicatoren"],
    summary="One track as known to indicatoren",
    responses=NOT_FOUND,
)
async def get_spoor(spoorId: uuid.UUID, session: SessionDep, tenant: TenantDep) -> SpoorReferentieRead:
    return SpoorReferentieRead.model_validate(
        await service.get_spoor_or_raise(session=session, tenant=tenant, spoor_id=spoorId)
    )
