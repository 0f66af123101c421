"""Routes: the risk register, each risk's assessments as revisions."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Request, Response, status
from stuurcyclus_common.auth import ALL_ROLES, POLICY_STAFF
from stuurcyclus_common.http import IfMatchDep, SessionDep, TenantDep, service_router
from stuurcyclus_common.pagination import Page, PagerDep, build_page
from stuurcyclus_common.responses import NOT_FOUND

from ..models import Risico
from ..shared.http import UPDATE, Params, tag_version
from . import service
from .schemas import RisicoCreate, RisicoRead, RisicoRevisieCreate, RisicoRevisieRead, Weging

# Everyone may read the agenda (partners too: it is the municipality's public policy); policy staff change it.
router = service_router(read=ALL_ROLES, write=POLICY_STAFF)


@router.get("/risicos", response_model=Page[RisicoRead], tags=["risicos"], summary="The risk register")
async def list_risicos(
    request: Request,
    session: SessionDep,
    tenant: TenantDep,
    params: Params,
    spoorId: uuid.UUID | None = None,
    weging: Annotated[Weging | None, Query(description="Weight of the latest assessment.")] = None,
) -> Page[RisicoRead]:
    count, rows = await service.list_risicos(session, tenant, params, spoor_id=spoorId, weging=weging)
    return build_page(request, params, count, await service.risico_reads(session, rows))


@router.post(
    "/sporen/{spoorId}/risicos",
    response_model=RisicoRead,
    status_code=status.HTTP_201_CREATED,
    tags=["risicos"],
    summary="Add a risk to a track's profile",
    responses=NOT_FOUND,
)
async def create_risico(
    spoorId: uuid.UUID, data: RisicoCreate, session: SessionDep, tenant: TenantDep, response: Response
) -> RisicoRead:
    risico = await service.create_risico(session, tenant, spoorId, data)
    tag_version(response, risico)
    return (await service.risico_reads(session, [risico]))[0]


@router.get(
    "/risicos/{risicoId}",
    response_model=RisicoRead,
    tags=["risicos"],
    summary="Read a risk",
    responses=NOT_FOUND,
)
async def get_risico(risicoId: uuid.UUID, session: SessionDep, tenant: TenantDep, response: Response) -> RisicoRead:
    risico = await service.get_or_raise(session, Risico, tenant, risicoId)
    tag_version(response, risico)
    return (await service.risico_reads(session, [risico]))[0]


@router.post(
    "/risicos/{risicoId}/revisies",
    response_model=RisicoRead,
    status_code=status.HTTP_201_CREATED,
    tags=["risicos"],
    summary="Assess a risk anew (the earlier assessments are kept)",
    responses=UPDATE,
)
async def revise_risico(
    risicoId: uuid.UUID,
    data: RisicoRevisieCreate,
    session: SessionDep,
    tenant: TenantDep,
    response: Response,
    if_match: IfMatchDep,
) -> RisicoRead:
    risico = await service.revise_risico(session, tenant, risicoId, data=data, if_match=if_match)
    tag_version(response, risico)
    return (await service.risico_reads(session, [risico]))[0]


@router.get(
    "/risicos/{risicoId}/revisies",
    response_model=Page[RisicoRevisieRead],
    tags=["risicos"],
    summary="History of a risk: every assessment, oldest first",
    responses=NOT_FOUND,
)
async def risico_revisies(
    risicoId: uuid.UUID, session: SessionDep, tenant: TenantDep, pager: PagerDep
) -> Page[RisicoRevisieRead]:
    risico = await service.get_or_raise(session, Risico, tenant, risicoId)
    return pager.of([RisicoRevisieRead.model_validate(r) for r in await service.revisies(session, [risico.id], False)])
