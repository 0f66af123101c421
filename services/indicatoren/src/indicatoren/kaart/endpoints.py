"""Routes: An indicator over the wijken or buurten of a period, as an SVG map."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Query, Response
from stuurcyclus_common import kaart as svg
from stuurcyclus_common.auth import ALL_ROLES, POLICY_STAFF
from stuurcyclus_common.errors import Problem
from stuurcyclus_common.http import SessionDep, TenantDep, service_router
from stuurcyclus_common.identity import CallerDep

from ..metingen.schemas import Tabel
from ..shared.http import IndicatorCode
from . import service

router = service_router(read=ALL_ROLES, write=POLICY_STAFF)


@router.get(
    "/indicatoren/{code}/kaart",
    tags=["kaart"],
    summary="An indicator over the wijken or buurten of a period, as an SVG map with a legend",
    response_class=Response,
    responses={
        200: {
            "description": "The map (`image/svg+xml`), or with `formaat=tabel` its figures as a table.",
            "content": {
                "image/svg+xml": {"schema": {"type": "string"}},
                "application/json": {"schema": {"$ref": "#/components/schemas/Tabel"}},
            },
        },
        404: {"model": Problem, "description": "No such indicator, or no outlines in the register for that year."},
    },
)
async def kaart(
    code: IndicatorCode,
    session: SessionDep,
    tenant: TenantDep,
    periode: Annotated[str, Query(pattern=r"^\d{4}(S[12]|Q[1-4]|0[1-9]|1[0-2])?$", description="e.g. 2024")],
    caller: CallerDep,
    soort: Annotated[Literal["wijk", "buurt"], Query(description="The areas the map shows.")] = "wijk",
    formaat: Annotated[
        Literal["svg", "tabel"], Query(description="`tabel`: the map's figures, to show beside it (`{headers, rows}`).")
    ] = "svg",
) -> Response:
    """Five classes of equal count with their bounds in the legend, "geen gegevens" hatched, the municipality's
    outline, each area's name and value in its `<title>` (on hover, and for screen readers) and all of them in `<desc>`;
    `formaat=tabel` gives the same figures as a table to show beside the map."""
    body, areas = await service.choropleth(session, tenant, code, periode, soort, caller)
    if formaat == "tabel":
        table = Tabel(headers=["naam", "gebied", "waarde"], rows=[list(row) for row in svg.table(areas)])
        return Response(table.model_dump_json(), media_type="application/json")
    return Response(body, media_type="image/svg+xml")
