"""Routes: the uitklapmodel, a track's interventions and their agreed results (resultaatafspraken)."""

from __future__ import annotations

import uuid

from fastapi import Response, status
from stuurcyclus_common.auth import ALL_ROLES, POLICY_STAFF
from stuurcyclus_common.http import IfMatchDep, SessionDep, TenantDep, service_router
from stuurcyclus_common.pagination import Page, PagerDep
from stuurcyclus_common.responses import NOT_FOUND

from ..models import Interventie, Spoor
from ..shared.http import UPDATE, tag_version
from . import service
from .schemas import (
    InterventieCreate,
    InterventieRead,
    InterventieUpdate,
    ResultaatafspraakCreate,
    ResultaatafspraakRead,
    ResultaatafspraakUpdate,
)

# Everyone may read the agenda (partners too: it is the municipality's public policy); policy staff change it.
router = service_router(read=ALL_ROLES, write=POLICY_STAFF)


@router.get(
    "/sporen/{spoorId}/interventies",
    response_model=Page[InterventieRead],
    tags=["uitklapmodel"],
    summary="Interventions of a track",
    responses=NOT_FOUND,
)
async def list_interventies(
    spoorId: uuid.UUID, session: SessionDep, tenant: TenantDep, pager: PagerDep
) -> Page[InterventieRead]:
    spoor = await service.get_or_raise(session, Spoor, tenant, spoorId)
    return pager.of([InterventieRead.model_validate(i) for i in await service.list_interventies(session, spoor)])


@router.post(
    "/sporen/{spoorId}/interventies",
    response_model=InterventieRead,
    status_code=status.HTTP_201_CREATED,
    tags=["uitklapmodel"],
    summary="Add an intervention to a track",
    responses=NOT_FOUND,
)
async def create_interventie(
    spoorId: uuid.UUID, data: InterventieCreate, session: SessionDep, tenant: TenantDep, response: Response
) -> InterventieRead:
    interventie = await service.create_interventie(session, tenant, spoorId, data)
    tag_version(response, interventie)
    return InterventieRead.model_validate(interventie)


@router.get(
    "/interventies/{interventieId}",
    response_model=InterventieRead,
    tags=["uitklapmodel"],
    summary="Read an intervention",
    responses=NOT_FOUND,
)
async def get_interventie(
    interventieId: uuid.UUID, session: SessionDep, tenant: TenantDep, response: Response
) -> InterventieRead:
    interventie = await service.get_or_raise(session, Interventie, tenant, interventieId)
    tag_version(response, interventie)
    return InterventieRead.model_validate(interventie)


@router.patch(
    "/interventies/{interventieId}",
    response_model=InterventieRead,
    tags=["uitklapmodel"],
    summary="Change an intervention",
    responses=UPDATE,
)
async def update_interventie(
    interventieId: uuid.UUID,
    data: InterventieUpdate,
    session: SessionDep,
    tenant: TenantDep,
    response: Response,
    if_match: IfMatchDep,
) -> InterventieRead:
    interventie = await service.update_interventie(session, tenant, interventieId, data=data, if_match=if_match)
    tag_version(response, interventie)
    return InterventieRead.model_validate(interventie)


@router.get(
    "/interventies/{interventieId}/resultaatafspraken",
    response_model=Page[ResultaatafspraakRead],
    tags=["uitklapmodel"],
    summary="Result agreements of an intervention",
    responses=NOT_FOUND,
)
async def list_resultaatafspraken(
    interventieId: uuid.UUID, session: SessionDep, tenant: TenantDep, pager: PagerDep
) -> Page[ResultaatafspraakRead]:
    rows = await service.list_resultaatafspraken(session, tenant, interventieId)
    return pager.of([ResultaatafspraakRead.model_validate(r) for r in rows])


@router.post(
    "/interventies/{interventieId}/resultaatafspraken",
    response_model=ResultaatafspraakRead,
    status_code=status.HTTP_201_CREATED,
    tags=["uitklapmodel"],
    summary="Record a result agreement with a partner",
    responses=NOT_FOUND,
)
async def create_resultaatafspraak(
    interventieId: uuid.UUID,
    data: ResultaatafspraakCreate,
    session: SessionDep,
    tenant: TenantDep,
    response: Response,
) -> ResultaatafspraakRead:
    afspraak = await service.create_resultaatafspraak(session, tenant, interventieId, data)
    tag_version(response, afspraak)
    return ResultaatafspraakRead.model_validate(afspraak)


@router.patch(
    "/resultaatafspraken/{resultaatafspraakId}",
    response_model=ResultaatafspraakRead,
    tags=["uitklapmodel"],
    summary="Change a result agreement",
    responses=UPDATE,
)
async def update_resultaatafspraak(
    resultaatafspraakId: uuid.UUID,
    data: ResultaatafspraakUpdate,
    session: SessionDep,
    tenant: TenantDep,
    response: Response,
    if_match: IfMatchDep,
) -> ResultaatafspraakRead:
    afspraak = await service.update_resultaatafspraak(
        session, tenant, resultaatafspraakId, data=data, if_match=if_match
    )
    tag_version(response, afspraak)
    return ResultaatafspraakRead.model_validate(afspraak)
