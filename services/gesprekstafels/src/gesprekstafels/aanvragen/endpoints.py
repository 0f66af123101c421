"""Routes: Applications: written, submitted, reviewed, withdrawn by their applicant."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Request, Response, status
from stuurcyclus_common.auth import ALL_ROLES, POLICY_STAFF, policy_staff
from stuurcyclus_common.http import IfMatchDep, SessionDep, TenantDep, service_router
from stuurcyclus_common.identity import CallerDep
from stuurcyclus_common.pagination import Page, PagerDep, build_page

from ..besluiten.service import withdraw
from ..shared.http import ACTION, FORBIDDEN, NOT_FOUND, UPDATE, Params, tag_version
from . import reads, schemas, service
from .reads import aanvraag_read

# Everyone reads applications (a partner its own); a partner drafts, submits and withdraws its own, the
# municipality's policy staff review them.
router = service_router(read=ALL_ROLES, write=POLICY_STAFF | {"partner"})


@router.get(
    "/aanvragen",
    response_model=Page[schemas.AanvraagRead],
    tags=["aanvragen"],
    summary="Applications (a partner sees only its own)",
)
async def list_aanvragen(
    request: Request,
    session: SessionDep,
    tenant: TenantDep,
    caller: CallerDep,
    params: Params,
    uitvraagId: uuid.UUID | None = None,
    status_: Annotated[schemas.AanvraagStatus | None, Query(alias="status")] = None,
    partner: Annotated[str | None, Query(max_length=200)] = None,
) -> Page[schemas.AanvraagRead]:
    count, rows = await reads.list_aanvragen(
        session, tenant, caller, params, uitvraag_id=uitvraagId, status=status_, partner=partner
    )
    return build_page(request, params, count, await reads.aanvraag_reads(session, rows))


@router.post(
    "/aanvragen",
    response_model=schemas.AanvraagRead,
    status_code=status.HTTP_201_CREATED,
    tags=["aanvragen"],
    summary="Draft an application to a published call",
    responses=ACTION,
)
async def create_aanvraag(
    data: schemas.AanvraagCreate, session: SessionDep, tenant: TenantDep, caller: CallerDep, response: Response
) -> schemas.AanvraagRead:
    aanvraag = await service.create_aanvraag(session, tenant, caller, data)
    tag_version(response, aanvraag.versie)
    return await aanvraag_read(session, aanvraag)


@router.get(
    "/aanvragen/{aanvraagId}",
    response_model=schemas.AanvraagRead,
    tags=["aanvragen"],
    summary="An application",
    responses={**NOT_FOUND, **FORBIDDEN},
)
async def get_aanvraag(
    aanvraagId: uuid.UUID, session: SessionDep, tenant: TenantDep, caller: CallerDep, response: Response
) -> schemas.AanvraagRead:
    aanvraag = await service.get_aanvraag(session, tenant, caller, aanvraag_id=aanvraagId)
    tag_version(response, aanvraag.versie)
    return await aanvraag_read(session, aanvraag)


@router.patch(
    "/aanvragen/{aanvraagId}",
    response_model=schemas.AanvraagRead,
    tags=["aanvragen"],
    summary="Change a draft (If-Match or versie)",
    responses=UPDATE,
)
async def update_aanvraag(
    aanvraagId: uuid.UUID,
    data: schemas.AanvraagUpdate,
    session: SessionDep,
    tenant: TenantDep,
    caller: CallerDep,
    response: Response,
    if_match: IfMatchDep,
) -> schemas.AanvraagRead:
    aanvraag = await service.update_aanvraag(
        session, tenant, caller, aanvraag_id=aanvraagId, data=data, if_match=if_match
    )
    tag_version(response, aanvraag.versie)
    return await aanvraag_read(session, aanvraag)


@router.get(
    "/aanvragen/{aanvraagId}/historie",
    response_model=Page[schemas.StatuswijzigingRead],
    tags=["aanvragen"],
    summary="Every status change of an application",
    responses={**NOT_FOUND, **FORBIDDEN},
)
async def aanvraag_historie(
    aanvraagId: uuid.UUID, session: SessionDep, tenant: TenantDep, caller: CallerDep, pager: PagerDep
) -> Page[schemas.StatuswijzigingRead]:
    rows = await reads.history(session, tenant, caller, aanvraagId)
    return pager.of([schemas.StatuswijzigingRead.model_validate(r) for r in rows])


@router.post(
    "/aanvragen/{aanvraagId}/indiening",
    response_model=schemas.AanvraagRead,
    tags=["aanvragen"],
    summary="Submit (before the call's deadline, 23:59 Europe/Amsterdam)",
    responses=ACTION,
)
async def submit_aanvraag(
    aanvraagId: uuid.UUID, session: SessionDep, tenant: TenantDep, caller: CallerDep
) -> schemas.AanvraagRead:
    return await aanvraag_read(session, await service.submit(session, tenant, caller, aanvraagId))


@router.post(
    "/aanvragen/{aanvraagId}/behandeling",
    response_model=schemas.AanvraagRead,
    tags=["aanvragen"],
    summary="Take into review (with a score when the call ranks)",
    responses=ACTION,
    dependencies=[policy_staff("review an application")],
)
async def review_aanvraag(
    aanvraagId: uuid.UUID,
    session: SessionDep,
    tenant: TenantDep,
    caller: CallerDep,
    data: schemas.Behandeling | None = None,
) -> schemas.AanvraagRead:
    aanvraag = await service.start_review(
        session, tenant, caller, aanvraag_id=aanvraagId, data=data or schemas.Behandeling()
    )
    return await aanvraag_read(session, aanvraag)


@router.post(
    "/aanvragen/{aanvraagId}/terugsturing",
    response_model=schemas.AanvraagRead,
    tags=["aanvragen"],
    summary="Return a submitted application to its applicant for revision, with a reason and perhaps a new deadline",
    responses=ACTION,
    dependencies=[policy_staff("return an application for revision")],
)
async def return_aanvraag(
    aanvraagId: uuid.UUID, data: schemas.Terugsturing, session: SessionDep, tenant: TenantDep, caller: CallerDep
) -> schemas.AanvraagRead:
    aanvraag = await service.return_for_revision(session, tenant, caller, aanvraag_id=aanvraagId, data=data)
    return await aanvraag_read(session, aanvraag)


@router.post(
    "/aanvragen/{aanvraagId}/intrekking",
    response_model=schemas.AanvraagRead,
    tags=["aanvragen"],
    summary="Withdraw: the applicant before the grant; a granted one the municipality (a decision: what was paid is "
    "reclaimed)",
    responses=ACTION,
)
async def withdraw_aanvraag(
    aanvraagId: uuid.UUID, data: schemas.Reden, session: SessionDep, tenant: TenantDep, caller: CallerDep
) -> schemas.AanvraagRead:
    return await aanvraag_read(session, await withdraw(session, tenant, caller, aanvraag_id=aanvraagId, data=data))
