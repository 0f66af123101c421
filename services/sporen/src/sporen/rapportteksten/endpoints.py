"""Routes: the report's chapters that are not per track (versioned, with history)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Response, status
from stuurcyclus_common.auth import ALL_ROLES, POLICY_STAFF
from stuurcyclus_common.http import IfMatchDep, SessionDep, TenantDep, service_router
from stuurcyclus_common.pagination import Page, PagerDep
from stuurcyclus_common.responses import CONFLICT, NOT_FOUND
from stuurcyclus_common.versioning import get_or_raise

from ..models import Rapporttekst
from ..shared import service as shared_service
from ..shared.http import DRAFT, UPDATE, tag_version
from ..shared.schemas import WijzigingRead
from . import service
from .schemas import RapporttekstCreate, RapporttekstRead, RapporttekstUpdate

# Everyone may read the agenda (partners too: it is the municipality's public policy); policy staff change it.
router = service_router(read=ALL_ROLES, write=POLICY_STAFF)


@router.get(
    "/rapportteksten",
    response_model=Page[RapporttekstRead],
    tags=["rapportage"],
    summary="The report's chapters written by staff (of one half year with `periode`)",
    dependencies=DRAFT,
)
async def list_rapportteksten(
    session: SessionDep,
    tenant: TenantDep,
    pager: PagerDep,
    periode: Annotated[str | None, Query(pattern=r"^\d{4}S[12]$", description="Half year, e.g. `2020S2`.")] = None,
) -> Page[RapporttekstRead]:
    rows = await service.list_rapportteksten(session, tenant, periode)
    return pager.of([RapporttekstRead.model_validate(t) for t in rows])


@router.post(
    "/rapportteksten",
    response_model=RapporttekstRead,
    status_code=status.HTTP_201_CREATED,
    tags=["rapportage"],
    summary="Write a chapter of a half year's report (one per chapter and half year)",
    responses=CONFLICT,
)
async def create_rapporttekst(
    data: RapporttekstCreate, session: SessionDep, tenant: TenantDep, response: Response
) -> RapporttekstRead:
    tekst = await service.create_rapporttekst(session, tenant, data)
    tag_version(response, tekst)
    return RapporttekstRead.model_validate(tekst)


@router.get(
    "/rapportteksten/{rapporttekstId}",
    response_model=RapporttekstRead,
    tags=["rapportage"],
    summary="A chapter of a half year's report",
    responses=NOT_FOUND,
    dependencies=DRAFT,
)
async def get_rapporttekst(
    rapporttekstId: uuid.UUID, session: SessionDep, tenant: TenantDep, response: Response
) -> RapporttekstRead:
    tekst = await get_or_raise(session, Rapporttekst, tenant, rapporttekstId)
    tag_version(response, tekst)
    return RapporttekstRead.model_validate(tekst)


@router.patch(
    "/rapportteksten/{rapporttekstId}",
    response_model=RapporttekstRead,
    tags=["rapportage"],
    summary="Change a chapter of a half year's report",
    responses=UPDATE,
)
async def update_rapporttekst(
    rapporttekstId: uuid.UUID,
    data: RapporttekstUpdate,
    session: SessionDep,
    tenant: TenantDep,
    response: Response,
    if_match: IfMatchDep,
) -> RapporttekstRead:
    tekst = await service.update_rapporttekst(session, tenant, rapporttekstId, data=data, if_match=if_match)
    tag_version(response, tekst)
    return RapporttekstRead.model_validate(tekst)


@router.get(
    "/rapportteksten/{rapporttekstId}/historie",
    response_model=Page[WijzigingRead],
    tags=["rapportage"],
    summary="Every version of a chapter",
    responses=NOT_FOUND,
    dependencies=DRAFT,
)
async def rapporttekst_historie(
    rapporttekstId: uuid.UUID, session: SessionDep, tenant: TenantDep, pager: PagerDep
) -> Page[WijzigingRead]:
    rows = await shared_service.history(session, Rapporttekst, tenant, rapporttekstId)
    return pager.of([WijzigingRead.model_validate(w) for w in rows])
