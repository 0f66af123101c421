"""Routes: A partner's accountability report on its grant."""

from __future__ import annotations

import uuid

from fastapi import status
from stuurcyclus_common.auth import ALL_ROLES, POLICY_STAFF
from stuurcyclus_common.http import SessionDep, TenantDep, service_router
from stuurcyclus_common.identity import CallerDep

from ..shared.http import ACTION, FORBIDDEN, NOT_FOUND
from . import schemas, service

# A partner accounts for its own grants; the municipality's staff read every report.
router = service_router(read=ALL_ROLES, write=POLICY_STAFF | {"partner"})


@router.post(
    "/aanvragen/{aanvraagId}/verantwoording",
    response_model=schemas.VerantwoordingRead,
    status_code=status.HTTP_201_CREATED,
    tags=["verantwoording"],
    summary="Account for a grant: realised activities, money spent, indicator values",
    responses=ACTION,
)
async def submit_verantwoording(
    aanvraagId: uuid.UUID, data: schemas.VerantwoordingCreate, session: SessionDep, tenant: TenantDep, caller: CallerDep
) -> schemas.VerantwoordingRead:
    report = await service.submit_report(session, tenant, caller, aanvraag_id=aanvraagId, data=data)
    return schemas.VerantwoordingRead.model_validate(report)


@router.get(
    "/aanvragen/{aanvraagId}/verantwoording",
    response_model=schemas.VerantwoordingRead,
    tags=["verantwoording"],
    summary="The accountability report of a grant",
    responses={**NOT_FOUND, **FORBIDDEN},
)
async def get_verantwoording(
    aanvraagId: uuid.UUID, session: SessionDep, tenant: TenantDep, caller: CallerDep
) -> schemas.VerantwoordingRead:
    return schemas.VerantwoordingRead.model_validate(await service.get_report(session, tenant, caller, aanvraagId))
