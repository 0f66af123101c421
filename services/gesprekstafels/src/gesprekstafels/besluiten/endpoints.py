"""Routes: Proposals and decisions: grant, rejection, settlement; reading them."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Request, Response, status
from stuurcyclus_common.auth import ALL_ROLES, POLICY_STAFF, policy_staff
from stuurcyclus_common.contracts.gesprekstafels import BesluitSoort
from stuurcyclus_common.http import SessionDep, TenantDep, service_router
from stuurcyclus_common.identity import CallerDep
from stuurcyclus_common.pagination import Page, build_page
from stuurcyclus_common.responses import Responses

from ..aanvragen.reads import aanvraag_read
from ..aanvragen.schemas import AanvraagRead
from ..mandaten.schemas import BesluitvoorstelRead
from ..models import Besluitvoorstel
from ..shared.http import ACTION, FORBIDDEN, NOT_FOUND, Params
from ..verantwoording.schemas import VaststellingCreate
from ..verantwoording.service import settle
from . import reads, schemas, service

# Everyone reads decisions (a partner its own, without the deciders); the municipality's policy staff take them.
router = service_router(read=ALL_ROLES, write=POLICY_STAFF)


@router.post(
    "/aanvragen/{aanvraagId}/voorstel",
    response_model=AanvraagRead,
    tags=["aanvragen"],
    summary="Propose for a grant: financien is asked to reserve under the ceiling (answer by event)",
    responses=ACTION,
    dependencies=[policy_staff("propose a grant")],
)
async def propose_aanvraag(
    aanvraagId: uuid.UUID, session: SessionDep, tenant: TenantDep, caller: CallerDep
) -> AanvraagRead:
    return await aanvraag_read(session, await service.propose(session, tenant, caller, aanvraagId))


WAITS: Responses = {
    202: {
        "model": BesluitvoorstelRead,
        "description": "Above the decider's mandate: it waits for a second decider (`/besluitvoorstellen/{id}`).",
    }
}


def _decided(outcome, response: Response) -> schemas.BesluitRead | BesluitvoorstelRead:  # noqa: ANN001
    """A decision (201), or — above the decider's mandate — the proposal waiting for a second decider (202)."""
    if isinstance(outcome, Besluitvoorstel):
        response.status_code = status.HTTP_202_ACCEPTED
        return BesluitvoorstelRead.model_validate(outcome)
    return schemas.BesluitRead.model_validate(outcome)


@router.post(
    "/aanvragen/{aanvraagId}/toekenning",
    response_model=schemas.BesluitRead | BesluitvoorstelRead,
    status_code=status.HTTP_201_CREATED,
    tags=["besluiten"],
    summary="Grant (reservation confirmed, grant phase open): a decision with its payment schedule; above the "
    "decider's mandate it waits for a second decider (202)",
    responses={**ACTION, **WAITS},
    dependencies=[policy_staff("grant a subsidy")],
)
async def grant_aanvraag(
    aanvraagId: uuid.UUID,
    data: schemas.ToekenningCreate,
    session: SessionDep,
    tenant: TenantDep,
    caller: CallerDep,
    response: Response,
) -> schemas.BesluitRead | BesluitvoorstelRead:
    return _decided(await service.grant(session, tenant, caller, aanvraagId, data), response)


@router.post(
    "/aanvragen/{aanvraagId}/afwijzing",
    response_model=schemas.BesluitRead,
    status_code=status.HTTP_201_CREATED,
    tags=["besluiten"],
    summary="Reject with a reason: a decision",
    responses=ACTION,
    dependencies=[policy_staff("reject an application")],
)
async def reject_aanvraag(
    aanvraagId: uuid.UUID, data: schemas.AfwijzingCreate, session: SessionDep, tenant: TenantDep, caller: CallerDep
) -> schemas.BesluitRead:
    besluit = await service.reject_by_municipality(session, tenant, caller, aanvraag_id=aanvraagId, data=data)
    return schemas.BesluitRead.model_validate(besluit)


@router.post(
    "/aanvragen/{aanvraagId}/vaststelling",
    response_model=schemas.BesluitRead | BesluitvoorstelRead,
    status_code=status.HTTP_201_CREATED,
    tags=["besluiten"],
    summary="Settle the grant (vaststelling): final amount ≤ grant, set against what was paid (a final payment or a "
    "reclaim); above the decider's mandate it waits for a second decider (202)",
    responses={**ACTION, **WAITS},
    dependencies=[policy_staff("settle a grant")],
)
async def settle_aanvraag(
    aanvraagId: uuid.UUID,
    data: VaststellingCreate,
    session: SessionDep,
    tenant: TenantDep,
    caller: CallerDep,
    response: Response,
) -> schemas.BesluitRead | BesluitvoorstelRead:
    return _decided(await settle(session, tenant, caller, aanvraagId, data), response)


@router.get(
    "/besluiten",
    response_model=Page[schemas.BesluitRead],
    tags=["besluiten"],
    summary="Decisions (ZGW Besluit shape; a partner sees its own)",
)
async def list_besluiten(
    request: Request,
    session: SessionDep,
    tenant: TenantDep,
    caller: CallerDep,
    params: Params,
    aanvraagId: uuid.UUID | None = None,
    soort: Annotated[BesluitSoort | None, Query()] = None,
) -> Page[schemas.BesluitRead]:
    count, rows = await reads.list_besluiten(session, tenant, caller, params, aanvraag_id=aanvraagId, soort=soort)
    return build_page(request, params, count, [schemas.BesluitRead.model_validate(b).for_caller(caller) for b in rows])


@router.get(
    "/besluiten/{besluitId}",
    response_model=schemas.BesluitRead,
    tags=["besluiten"],
    summary="A decision",
    responses={**NOT_FOUND, **FORBIDDEN},
)
async def get_besluit(
    besluitId: uuid.UUID, session: SessionDep, tenant: TenantDep, caller: CallerDep
) -> schemas.BesluitRead:
    besluit = await reads.get_besluit(session, tenant, caller, besluitId)
    return schemas.BesluitRead.model_validate(besluit).for_caller(caller)
