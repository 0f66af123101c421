"""Routes: Conversation tables and their outcomes."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import Query, Request, Response, status
from stuurcyclus_common.auth import ALL_ROLES, POLICY_STAFF, policy_staff
from stuurcyclus_common.http import IfMatchDep, SessionDep, TenantDep, service_router
from stuurcyclus_common.pagination import Page, build_page
from stuurcyclus_common.versioning import get_or_raise

from ..models import Tafel
from ..shared.http import ACTION, NOT_FOUND, UPDATE, Params, tag_version
from . import schemas, service

# Everyone reads the tables; the municipality's policy staff plan them and record their outcomes.
router = service_router(read=ALL_ROLES, write=POLICY_STAFF)


@router.get("/tafels", response_model=Page[schemas.TafelRead], tags=["tafels"], summary="Conversation tables")
async def list_tafels(
    request: Request,
    session: SessionDep,
    tenant: TenantDep,
    params: Params,
    jaar: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    fase: Annotated[Literal["thematafels-januari", "gezamenlijke-tafel", "thematafels-oktober"] | None, Query()] = None,
) -> Page[schemas.TafelRead]:
    count, rows = await service.list_tafels(session, tenant, params, jaar=jaar, fase=fase)
    return build_page(request, params, count, [await service.tafel_read(session, t, full=False) for t in rows])


@router.post(
    "/tafels",
    response_model=schemas.TafelRead,
    status_code=status.HTTP_201_CREATED,
    tags=["tafels"],
    summary="Plan a table (theme: one ambition; or the joint table)",
    responses=ACTION,
    dependencies=[policy_staff("plan a table")],
)
async def create_tafel(
    data: schemas.TafelCreate, session: SessionDep, tenant: TenantDep, response: Response
) -> schemas.TafelRead:
    tafel = await service.create_tafel(session, tenant, data)
    tag_version(response, tafel.versie)
    return await service.tafel_read(session, tafel)


@router.get(
    "/tafels/{tafelId}",
    response_model=schemas.TafelRead,
    tags=["tafels"],
    summary="A table with its outcomes and what feeds it",
    responses=NOT_FOUND,
)
async def get_tafel(
    tafelId: uuid.UUID, session: SessionDep, tenant: TenantDep, response: Response
) -> schemas.TafelRead:
    tafel = await get_or_raise(session, Tafel, tenant, tafelId)
    tag_version(response, tafel.versie)
    return await service.tafel_read(session, tafel)


@router.patch(
    "/tafels/{tafelId}",
    response_model=schemas.TafelRead,
    tags=["tafels"],
    summary="Change a table: date, place, participants (If-Match or versie)",
    responses=UPDATE,
    dependencies=[policy_staff("change a table")],
)
async def update_tafel(
    tafelId: uuid.UUID,
    data: schemas.TafelUpdate,
    session: SessionDep,
    tenant: TenantDep,
    response: Response,
    if_match: IfMatchDep,
) -> schemas.TafelRead:
    tafel = await service.update_tafel(session, tenant, tafelId, data=data, if_match=if_match)
    tag_version(response, tafel.versie)
    return await service.tafel_read(session, tafel)


@router.post(
    "/tafels/{tafelId}/uitkomsten",
    response_model=schemas.UitkomstRead,
    status_code=status.HTTP_201_CREATED,
    tags=["tafels"],
    summary="Record an outcome: task, ranked priority, trend or agreement (while the table's phase is open)",
    responses=ACTION,
    dependencies=[policy_staff("record an outcome")],
)
async def add_uitkomst(
    tafelId: uuid.UUID, data: schemas.UitkomstCreate, session: SessionDep, tenant: TenantDep
) -> schemas.UitkomstRead:
    return schemas.UitkomstRead.model_validate(await service.add_uitkomst(session, tenant, tafelId, data))
