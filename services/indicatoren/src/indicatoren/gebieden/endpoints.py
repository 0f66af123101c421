"""Routes: the CBS area register (gemeente, wijk, buurt), loaded from CBS's files."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Query, Request
from stuurcyclus_common.auth import ALL_ROLES, POLICY_STAFF
from stuurcyclus_common.errors import InvalidInput, Problem
from stuurcyclus_common.http import SessionDep, TenantDep, service_router
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
    openapi_extra={"requestBody": {"required": True, "content": {"text/csv": {"schema": {"type": "string"}}}}},
)
async def load_gebieden(
    request: Request,
    session: SessionDep,
    tenant: TenantDep,
    jaar: Annotated[int, Query(ge=1990, le=2100, description="The year of the register (CBS's Wijk- en buurtkaart).")],
) -> GebiedenResult:
    """Load the register of wijken and buurten (CBS Kerncijfers wijken en buurten layout) for a year."""
    body = await request.body()
    if len(body) > 50 * 2**20:
        raise InvalidInput.field("body", "a register is at most 50 MiB", "too_large")
    try:
        content = body.decode("utf-8")
    except UnicodeDecodeError:
        try:
            content = body.decode("cp1252")  # CBS's downloads and Excel write Windows-1252 too
        except UnicodeDecodeError:
            raise InvalidInput.field("body", "is not UTF-8 or Windows-1252 text", "encoding") from None
    return await gebieden.load(session, tenant, content, jaar)


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
