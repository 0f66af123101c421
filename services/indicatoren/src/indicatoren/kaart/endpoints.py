"""Routes: An indicator over the wijken or buurten of a period, as an SVG map."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Query, Response
from stuurcyclus_common.auth import ALL_ROLES, POLICY_STAFF
from stuurcyclus_common.errors import Problem
from stuurcyclus_common.http import SessionDep, TenantDep, service_router

from ..shared.http import IndicatorCode
from . import service

router = service_router(read=ALL_ROLES, write=POLICY_STAFF)


@router.get(
    "/indicatoren/{code}/kaart",
    tags=["kaart"],
    summary="An indicator over the wijken or buurten of a period, as an SVG map with a legend",
    response_class=Response,
    responses={
        200: {"description": "image/svg+xml", "content": {"image/svg+xml": {"schema": {"type": "string"}}}},
        404: {"model": Problem, "description": "No such indicator, or no outlines in the register for that year."},
    },
)
async def kaart(
    code: IndicatorCode,
    session: SessionDep,
    tenant: TenantDep,
    periode: Annotated[str, Query(pattern=r"^\d{4}(S[12]|Q[1-4]|0[1-9]|1[0-2])?$", description="e.g. 2024")],
    soort: Annotated[Literal["wijk", "buurt"], Query(description="The areas the map shows.")] = "wijk",
) -> Response:
    """Five classes of equal count with their bounds in the legend, "geen gegevens" hatched, each area's name and
    value in its `<title>` (on hover, and for screen readers) and all of them in `<desc>`."""
    body = await service.choropleth(session, tenant, code, periode, soort)
    return Response(body, media_type="image/svg+xml")
