"""Routes: A partner's accountability report on its grant — submitted, replaced, withdrawn, returned, assessed.

The moves and who makes them are in `statuses.py`; indicatoren's answer on the values is kept on the report
(`metingen`, `weigeringen`)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Request, Response, status
from stuurcyclus_common.auth import ALL_ROLES, POLICY_STAFF, policy_staff
from stuurcyclus_common.http import IfMatchDep, SessionDep, TenantDep, service_router
from stuurcyclus_common.identity import CallerDep
from stuurcyclus_common.pagination import Page, PagerDep, build_page

from ..aanvragen.schemas import Terugsturing
from ..shared.http import ACTION, FORBIDDEN, NOT_FOUND, UPDATE, Params, tag_version
from . import schemas, service
from .statuses import VerantwoordingStatus

# A partner accounts for its own grants; the municipality's staff read every report, return or assess it.
router = service_router(read=ALL_ROLES, write=POLICY_STAFF | {"partner"})


def _read(response: Response, report: object) -> schemas.VerantwoordingRead:
    body = schemas.VerantwoordingRead.model_validate(report)
    tag_version(response, body.versie)
    return body


@router.get(
    "/verantwoordingen",
    response_model=Page[schemas.VerantwoordingRead],
    tags=["verantwoording"],
    summary="Accountability reports (a partner sees only its own); `metingen=geweigerd` lists refused values",
)
async def list_verantwoordingen(
    request: Request,
    session: SessionDep,
    tenant: TenantDep,
    caller: CallerDep,
    params: Params,
    status_: Annotated[VerantwoordingStatus | None, Query(alias="status")] = None,
    metingen: Annotated[schemas.MetingenStatus | None, Query(description="What indicatoren made of them.")] = None,
    partner: Annotated[str | None, Query(max_length=200)] = None,
) -> Page[schemas.VerantwoordingRead]:
    count, rows = await service.list_reports(
        session, tenant, caller, params, status=status_, metingen=metingen, partner=partner
    )
    return build_page(request, params, count, [schemas.VerantwoordingRead.model_validate(r) for r in rows])


@router.post(
    "/aanvragen/{aanvraagId}/verantwoording",
    response_model=schemas.VerantwoordingRead,
    status_code=status.HTTP_201_CREATED,
    tags=["verantwoording"],
    summary="Account for a grant: realised activities, money spent, indicator values",
    responses=ACTION,
)
async def submit_verantwoording(
    aanvraagId: uuid.UUID,
    data: schemas.VerantwoordingCreate,
    session: SessionDep,
    tenant: TenantDep,
    caller: CallerDep,
    response: Response,
) -> schemas.VerantwoordingRead:
    """The first report on a grant, or a new one after a withdrawal. The values are checked by indicatoren's own
    rules before anything is saved (422 naming each field)."""
    report = await service.submit_report(session, tenant, caller, aanvraag_id=aanvraagId, data=data)
    return _read(response, report)


@router.put(
    "/aanvragen/{aanvraagId}/verantwoording",
    response_model=schemas.VerantwoordingRead,
    tags=["verantwoording"],
    summary="Replace the accountability report with a new version (until staff assess it)",
    responses=UPDATE,
)
async def replace_verantwoording(
    aanvraagId: uuid.UUID,
    data: schemas.VerantwoordingCreate,
    session: SessionDep,
    tenant: TenantDep,
    caller: CallerDep,
    if_match: IfMatchDep,
    response: Response,
) -> schemas.VerantwoordingRead:
    """A new version; the old one stays in the history, and measurements it delivered are corrected downstream as new
    versions. `If-Match` (the version read) guards against replacing a version someone else replaced."""
    report = await service.replace_report(session, tenant, caller, aanvraag_id=aanvraagId, data=data, if_match=if_match)
    return _read(response, report)


@router.get(
    "/aanvragen/{aanvraagId}/verantwoording",
    response_model=schemas.VerantwoordingRead,
    tags=["verantwoording"],
    summary="The accountability report of a grant",
    responses={**NOT_FOUND, **FORBIDDEN},
)
async def get_verantwoording(
    aanvraagId: uuid.UUID, session: SessionDep, tenant: TenantDep, caller: CallerDep, response: Response
) -> schemas.VerantwoordingRead:
    return _read(response, await service.get_report(session, tenant, caller, aanvraagId))


@router.get(
    "/aanvragen/{aanvraagId}/verantwoording/historie",
    response_model=Page[schemas.VerantwoordingVersieRead],
    tags=["verantwoording"],
    summary="Every version and move of the accountability report",
    responses={**NOT_FOUND, **FORBIDDEN},
)
async def verantwoording_historie(
    aanvraagId: uuid.UUID, session: SessionDep, tenant: TenantDep, caller: CallerDep, pager: PagerDep
) -> Page[schemas.VerantwoordingVersieRead]:
    rows = await service.report_history(session, tenant, caller, aanvraagId)
    return pager.of([schemas.VerantwoordingVersieRead.model_validate(r) for r in rows])


@router.post(
    "/aanvragen/{aanvraagId}/verantwoording/intrekking",
    response_model=schemas.VerantwoordingRead,
    tags=["verantwoording"],
    summary="Withdraw the accountability report (a new one may follow)",
    responses=ACTION,
)
async def withdraw_verantwoording(
    aanvraagId: uuid.UUID,
    data: schemas.Toelichting,
    session: SessionDep,
    tenant: TenantDep,
    caller: CallerDep,
    response: Response,
) -> schemas.VerantwoordingRead:
    report = await service.withdraw_report(session, tenant, caller, aanvraag_id=aanvraagId, reden=data.reden)
    return _read(response, report)


@router.post(
    "/aanvragen/{aanvraagId}/verantwoording/terugsturing",
    response_model=schemas.VerantwoordingRead,
    tags=["verantwoording"],
    summary="Return the accountability report for revision, with a reason and perhaps a new deadline",
    responses=ACTION,
    dependencies=[policy_staff("return a report for revision")],
)
async def return_verantwoording(
    aanvraagId: uuid.UUID,
    data: Terugsturing,
    session: SessionDep,
    tenant: TenantDep,
    caller: CallerDep,
    response: Response,
) -> schemas.VerantwoordingRead:
    report = await service.return_report(session, tenant, caller, aanvraag_id=aanvraagId, data=data)
    return _read(response, report)


@router.post(
    "/aanvragen/{aanvraagId}/verantwoording/beoordeling",
    response_model=schemas.VerantwoordingRead,
    tags=["verantwoording"],
    summary="Assess the accountability report: from now on it does not change",
    responses=ACTION,
    dependencies=[policy_staff("assess a report")],
)
async def assess_verantwoording(
    aanvraagId: uuid.UUID,
    data: schemas.Toelichting,
    session: SessionDep,
    tenant: TenantDep,
    caller: CallerDep,
    response: Response,
) -> schemas.VerantwoordingRead:
    report = await service.assess_report(session, tenant, caller, aanvraag_id=aanvraagId, reden=data.reden)
    return _read(response, report)
