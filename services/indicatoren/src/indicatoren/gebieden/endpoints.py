"""Routes: the CBS area register (gemeente, wijk, buurt), loaded from CBS's files."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Path, Query, Request
from fastapi.responses import JSONResponse
from stuurcyclus_common.auth import ALL_ROLES, POLICY_STAFF
from stuurcyclus_common.errors import Problem
from stuurcyclus_common.http import SessionDep, TenantDep, service_router, upload_text
from stuurcyclus_common.pagination import Page, PagerDep

from . import service as gebieden
from .schemas import GebiedenResult, GebiedRead

# Everyone may read indicators and measurements; policy staff change them (partners deliver theirs by report).
router = service_router(read=ALL_ROLES, write=POLICY_STAFF)


@router.post(
    "/gebieden",
    response_model=GebiedenResult,
    tags=["gebieden"],
    responses={422: {"model": Problem, "description": "Bad rows (each named by line); nothing was loaded."}},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "application/geo+json": {"schema": {"type": "object", "description": "A FeatureCollection."}},
            },
        }
    },
)
async def load_gebieden(
    request: Request,
    session: SessionDep,
    tenant: TenantDep,
    jaar: Annotated[int, Query(ge=1990, le=2100, description="The year of the register (CBS's Wijk- en buurtkaart).")],
) -> GebiedenResult:
    """Load the register of wijken and buurten for a year: CBS's Kerncijfers layout as CSV, or CBS's Wijk- en
    buurtkaart as GeoJSON (`Content-Type: application/geo+json`; the code from `STATCODE`, the outline kept)."""
    content = await upload_text(request, limit_mib=50, what="a register")
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    geojson = kind in ("application/geo+json", "application/json")
    return await gebieden.load(session, tenant, content, jaar, geojson=geojson)


@router.get("/gebieden", response_model=Page[GebiedRead], tags=["gebieden"])
async def list_gebieden(
    session: SessionDep,
    tenant: TenantDep,
    pager: PagerDep,
    jaar: Annotated[int | None, Query(ge=1990, le=2100, description="Only areas valid in this year.")] = None,
    soort: Literal["gemeente", "wijk", "buurt"] | None = None,
) -> Page[GebiedRead]:
    """The register of the municipality's areas."""
    return await pager.query(session, await gebieden.areas(session, tenant, jaar, soort), GebiedRead.model_validate)


@router.get(
    "/gebieden/{code}/omtrek",
    tags=["gebieden"],
    summary="An area's outline as GeoJSON (a Feature with its code, name and years)",
    response_class=JSONResponse,
    responses={
        200: {
            "description": "application/geo+json",
            "content": {"application/geo+json": {"schema": {"type": "object"}}},
        },
        404: {"model": Problem, "description": "No outline of the area in the register (for that year)."},
    },
)
async def get_omtrek(
    code: Annotated[str, Path(pattern=r"^(GM\d{4}|WK\d{6}|BU\d{8})$", description="CBS code.")],
    session: SessionDep,
    tenant: TenantDep,
    jaar: Annotated[int | None, Query(ge=1990, le=2100, description="The register of this year.")] = None,
) -> JSONResponse:
    feature = await gebieden.outline(session, tenant, code, jaar)
    return JSONResponse(feature, media_type="application/geo+json")
