"""What the routes of the sub-domains share: the router (roles), path parameters, documented refusals."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Response
from stuurcyclus_common.auth import ALL_ROLES, POLICY_STAFF
from stuurcyclus_common.errors import Problem
from stuurcyclus_common.http import etag, service_router
from stuurcyclus_common.pagination import PageParams, page_params
from stuurcyclus_common.readmodel import AmbitieReferentieRead, add_reference_list

from .. import schemas, service
from ..models import AmbitieReferentie, IndicatorReferentie

# Everyone reads the cycle; policy staff direct it; partners work on their own applications (checked in service.py).
router = service_router(read=ALL_ROLES, write=POLICY_STAFF | {"partner"})
Params = Annotated[PageParams, Depends(page_params)]
JaarPath = Annotated[int, Path(ge=2000, le=2100, description="Year of the cycle.")]
FasePath = Annotated[schemas.FaseCode, Path(description="Phase code.")]


def _problem(description: str) -> dict:
    return {"model": Problem, "description": description}


NOT_FOUND = {404: _problem("Not found in this municipality.")}
FORBIDDEN = {403: _problem("Not for this caller: another organisation's, or the municipality's to do.")}
CONFLICT = {409: _problem("Not now: the phase, the status or the order of the cycle refuses it (reason in `detail`).")}
RULES = {422: _problem("A rule refuses the input (the field is named).")}
ACTION = {**NOT_FOUND, **FORBIDDEN, **CONFLICT, **RULES}
UPDATE = {
    **ACTION,
    412: _problem("It changed since you read it: reload and apply your change again."),
    428: _problem("No version given (If-Match header or `versie`)."),
}

add_reference_list(
    router, "/ambities", AmbitieReferentie, AmbitieReferentieRead, AmbitieReferentie.nummer, "Ambitions known here"
)
add_reference_list(
    router,
    "/indicatoren",
    IndicatorReferentie,
    schemas.IndicatorReferentieRead,
    IndicatorReferentie.code,
    "Indicators known here (a call names only these)",
)


def tag_version(response: Response, versie: int) -> None:
    response.headers["ETag"] = etag(versie)


async def one_aanvraag(session, aanvraag) -> schemas.AanvraagRead:  # noqa: ANN001
    return (await service.aanvraag_reads(session, [aanvraag]))[0]
