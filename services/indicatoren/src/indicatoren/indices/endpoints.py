"""Routes: composite indices, versioned, and their values."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Path, Query, status
from stuurcyclus_common.auth import ALL_ROLES, POLICY_STAFF
from stuurcyclus_common.errors import Problem
from stuurcyclus_common.http import SessionDep, TenantDep, service_router
from stuurcyclus_common.identity import CallerDep
from stuurcyclus_common.pagination import Page, PagerDep
from stuurcyclus_common.responses import NOT_FOUND

from ..shared.http import INVALID_ROWS
from . import service as indices
from .schemas import IndexCreate, IndexRead, IndexUitkomst, IndexUpdate

# Everyone may read indicators and measurements; policy staff change them (partners deliver theirs by report).
router = service_router(read=ALL_ROLES, write=POLICY_STAFF)
IndexCode = Annotated[str, Path(pattern=r"^[\w.\-]{1,60}$", description="Code of the index.")]


@router.post(
    "/indices",
    response_model=IndexRead,
    status_code=status.HTTP_201_CREATED,
    tags=["indices"],
    responses={409: {"model": Problem, "description": "Exists."}, 422: INVALID_ROWS[422]},
)
async def create_index(data: IndexCreate, session: SessionDep, tenant: TenantDep) -> IndexRead:
    """Define a composite index (version 1)."""
    definition = await indices.define(
        session, tenant, data.code, naam=data.naam, componenten=data.componenten, new=True
    )
    return IndexRead.model_validate(definition)


@router.put("/indices/{code}", response_model=IndexRead, tags=["indices"], responses=NOT_FOUND)
async def update_index(code: IndexCode, data: IndexUpdate, session: SessionDep, tenant: TenantDep) -> IndexRead:
    """Change an index: a new version; the earlier ones stay."""
    definition = await indices.define(session, tenant, code, naam=data.naam, componenten=data.componenten, new=False)
    return IndexRead.model_validate(definition)


@router.get("/indices/{code}/versies", response_model=Page[IndexRead], tags=["indices"], responses=NOT_FOUND)
async def index_versies(code: IndexCode, session: SessionDep, tenant: TenantDep, pager: PagerDep) -> Page[IndexRead]:
    """Every version of an index definition."""
    return pager.of([IndexRead.model_validate(d) for d in await indices.versions(session, tenant, code)])


@router.get("/indices/{code}/waarden", response_model=IndexUitkomst, tags=["indices"], responses=NOT_FOUND)
async def index_waarden(
    code: IndexCode,
    session: SessionDep,
    tenant: TenantDep,
    caller: CallerDep,
    periode: Annotated[str, Query(pattern=r"^\d{4}(S[12]|Q[1-4]|0[1-9]|1[0-2])?$")],
    niveau: Literal["buurt", "wijk"] = "buurt",
    versie: Annotated[int | None, Query(ge=1)] = None,
    gewogenDoor: Annotated[
        str | None,
        Query(pattern=r"^[\w.\-]{1,60}$", description="`niveau=wijk`: from buurt values weighted by this indicator."),
    ] = None,
) -> IndexUitkomst:
    """The index per area for a period (with `versie`, by an earlier definition): 0–100 and the raw value."""
    definition = await indices.latest(session, tenant, code, versie)
    return await indices.compute(
        session, tenant, definition, periode=periode, niveau=niveau, caller=caller, gewogen_door=gewogenDoor
    )
