"""Routes: the agenda's movements, ambitions, attention groups and city/neighbourhood tasks."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import Query, Request, Response, status
from stuurcyclus_common.auth import ALL_ROLES, POLICY_STAFF
from stuurcyclus_common.http import IfMatchDep, SessionDep, TenantDep, service_router
from stuurcyclus_common.pagination import Page, PagerDep, build_page
from stuurcyclus_common.responses import CONFLICT, NOT_FOUND
from stuurcyclus_common.versioning import get_or_raise

from ..models import Aandachtsgroep, Ambitie, Beweging, Opgave
from ..shared import service as shared_service
from ..shared.http import UPDATE, Params, tag_version
from ..shared.schemas import WijzigingRead
from . import service
from .schemas import (
    AandachtsgroepCreate,
    AandachtsgroepRead,
    AmbitieCreate,
    AmbitieRead,
    AmbitieUpdate,
    BewegingCreate,
    BewegingRead,
    BewegingUpdate,
    OpgaveCreate,
    OpgaveRead,
)

# Everyone may read the agenda (partners too: it is the municipality's public policy); policy staff change it.
router = service_router(read=ALL_ROLES, write=POLICY_STAFF)


@router.get("/bewegingen", response_model=Page[BewegingRead], tags=["agenda"], summary="The movements")
async def list_bewegingen(
    request: Request, session: SessionDep, tenant: TenantDep, params: Params
) -> Page[BewegingRead]:
    count, rows = await shared_service.list_of(session, Beweging, tenant, params, Beweging.code)
    return build_page(request, params, count, [BewegingRead.model_validate(r) for r in rows])


@router.post(
    "/bewegingen",
    response_model=BewegingRead,
    status_code=status.HTTP_201_CREATED,
    tags=["agenda"],
    summary="Add a movement",
    responses=CONFLICT,
)
async def create_beweging(
    data: BewegingCreate, session: SessionDep, tenant: TenantDep, response: Response
) -> BewegingRead:
    beweging = await service.create_beweging(session, tenant, data)
    tag_version(response, beweging)
    return BewegingRead.model_validate(beweging)


@router.get(
    "/bewegingen/{bewegingId}",
    response_model=BewegingRead,
    tags=["agenda"],
    summary="Read a movement",
    responses=NOT_FOUND,
)
async def get_beweging(
    bewegingId: uuid.UUID, session: SessionDep, tenant: TenantDep, response: Response
) -> BewegingRead:
    beweging = await get_or_raise(session, Beweging, tenant, bewegingId)
    tag_version(response, beweging)
    return BewegingRead.model_validate(beweging)


@router.patch(
    "/bewegingen/{bewegingId}",
    response_model=BewegingRead,
    tags=["agenda"],
    summary="Change a movement",
    responses=UPDATE,
)
async def update_beweging(
    bewegingId: uuid.UUID,
    data: BewegingUpdate,
    session: SessionDep,
    tenant: TenantDep,
    response: Response,
    if_match: IfMatchDep,
) -> BewegingRead:
    beweging = await service.update_beweging(session, tenant, bewegingId, data=data, if_match=if_match)
    tag_version(response, beweging)
    return BewegingRead.model_validate(beweging)


@router.get("/ambities", response_model=Page[AmbitieRead], tags=["agenda"], summary="The ambitions")
async def list_ambities(request: Request, session: SessionDep, tenant: TenantDep, params: Params) -> Page[AmbitieRead]:
    count, rows = await shared_service.list_of(session, Ambitie, tenant, params, Ambitie.nummer)
    return build_page(request, params, count, [AmbitieRead.model_validate(r) for r in rows])


@router.post(
    "/ambities",
    response_model=AmbitieRead,
    status_code=status.HTTP_201_CREATED,
    tags=["agenda"],
    summary="Add an ambition",
    responses=CONFLICT,
)
async def create_ambitie(
    data: AmbitieCreate, session: SessionDep, tenant: TenantDep, response: Response
) -> AmbitieRead:
    ambitie = await service.create_ambitie(session, tenant, data)
    tag_version(response, ambitie)
    return AmbitieRead.model_validate(ambitie)


@router.get(
    "/ambities/{ambitieId}",
    response_model=AmbitieRead,
    tags=["agenda"],
    summary="Read an ambition",
    responses=NOT_FOUND,
)
async def get_ambitie(ambitieId: uuid.UUID, session: SessionDep, tenant: TenantDep, response: Response) -> AmbitieRead:
    ambitie = await get_or_raise(session, Ambitie, tenant, ambitieId)
    tag_version(response, ambitie)
    return AmbitieRead.model_validate(ambitie)


@router.patch(
    "/ambities/{ambitieId}",
    response_model=AmbitieRead,
    tags=["agenda"],
    summary="Change an ambition",
    responses=UPDATE,
)
async def update_ambitie(
    ambitieId: uuid.UUID,
    data: AmbitieUpdate,
    session: SessionDep,
    tenant: TenantDep,
    response: Response,
    if_match: IfMatchDep,
) -> AmbitieRead:
    ambitie = await service.update_ambitie(session, tenant, ambitieId, data=data, if_match=if_match)
    tag_version(response, ambitie)
    return AmbitieRead.model_validate(ambitie)


@router.get(
    "/ambities/{ambitieId}/historie",
    response_model=Page[WijzigingRead],
    tags=["agenda"],
    summary="Every version of an ambition",
    responses=NOT_FOUND,
)
async def ambitie_historie(
    ambitieId: uuid.UUID, session: SessionDep, tenant: TenantDep, pager: PagerDep
) -> Page[WijzigingRead]:
    return pager.of(
        [WijzigingRead.model_validate(w) for w in await shared_service.history(session, Ambitie, tenant, ambitieId)]
    )


@router.get("/aandachtsgroepen", response_model=Page[AandachtsgroepRead], tags=["agenda"], summary="Attention groups")
async def list_aandachtsgroepen(
    request: Request, session: SessionDep, tenant: TenantDep, params: Params
) -> Page[AandachtsgroepRead]:
    count, rows = await shared_service.list_of(session, Aandachtsgroep, tenant, params, Aandachtsgroep.volgorde)
    return build_page(request, params, count, [AandachtsgroepRead.model_validate(r) for r in rows])


@router.post(
    "/aandachtsgroepen",
    response_model=AandachtsgroepRead,
    status_code=status.HTTP_201_CREATED,
    tags=["agenda"],
    summary="Add an attention group",
    responses=CONFLICT,
)
async def create_aandachtsgroep(
    data: AandachtsgroepCreate, session: SessionDep, tenant: TenantDep, response: Response
) -> AandachtsgroepRead:
    groep = await service.create_aandachtsgroep(session, tenant, data)
    tag_version(response, groep)
    return AandachtsgroepRead.model_validate(groep)


@router.get("/opgaven", response_model=Page[OpgaveRead], tags=["agenda"], summary="City and neighbourhood tasks")
async def list_opgaven(
    request: Request,
    session: SessionDep,
    tenant: TenantDep,
    params: Params,
    jaar: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    soort: Literal["stad", "wijk", "stad-en-wijk"] | None = None,
) -> Page[OpgaveRead]:
    filters = [
        f for f in (Opgave.jaar == jaar if jaar else None, Opgave.soort == soort if soort else None) if f is not None
    ]
    count, rows = await shared_service.list_of(session, Opgave, tenant, params, Opgave.naam, *filters)
    return build_page(request, params, count, [OpgaveRead.model_validate(r) for r in rows])


@router.post(
    "/opgaven",
    response_model=OpgaveRead,
    status_code=status.HTTP_201_CREATED,
    tags=["agenda"],
    summary="Add a city or neighbourhood task",
    responses=CONFLICT,
)
async def create_opgave(data: OpgaveCreate, session: SessionDep, tenant: TenantDep, response: Response) -> OpgaveRead:
    opgave = await service.create_opgave(session, tenant, data)
    tag_version(response, opgave)
    return OpgaveRead.model_validate(opgave)
