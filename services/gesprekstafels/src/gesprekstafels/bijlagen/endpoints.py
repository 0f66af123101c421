"""Routes: Attachments on applications, accountability reports and decisions, and the decision's letter as PDF.

An upload is the document itself as the request body (any `Content-Type`; what it is is read from its bytes), with
`bestandsnaam` and optionally `soort` in the query. Whoever sees the application sees its attachments; a partner adds
to its own application and report, the municipality's policy staff to a decision."""

from __future__ import annotations

import base64
import uuid
from typing import Annotated
from urllib.parse import quote

from fastapi import Query, Request, Response, status
from stuurcyclus_common.auth import ALL_ROLES, POLICY_STAFF, policy_staff
from stuurcyclus_common.http import SessionDep, TenantDep, service_router
from stuurcyclus_common.identity import CallerDep
from stuurcyclus_common.pagination import Page, PagerDep
from stuurcyclus_common.responses import problem

from ..besluiten.reads import get_besluit
from ..models import Aanvraag
from ..shared.http import ACTION, FORBIDDEN, NOT_FOUND
from . import beschikking, schemas, service

router = service_router(read=ALL_ROLES, write=POLICY_STAFF | {"partner"})
UPLOAD = {
    **ACTION,
    **problem(413, "The document is larger than an attachment may be."),
    **problem(415, "Not a PDF, OpenDocument, Office Open XML or CSV document (read from its content)."),
}
BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}
Bestandsnaam = Annotated[str, Query(min_length=1, max_length=200, description="The file's name (a label only).")]
Soort = Annotated[
    str | None, Query(max_length=60, description="What it is: `begroting`, `jaarrekening`, `accountantsverklaring` …")
]


async def _add(
    request: Request, session: SessionDep, tenant: str, caller: CallerDep, **where: object
) -> schemas.BijlageRead:
    bijlage = await service.add(session, tenant, caller, content=await request.body(), **where)  # type: ignore[arg-type]
    return schemas.BijlageRead.model_validate(bijlage)


@router.post(
    "/aanvragen/{aanvraagId}/bijlagen",
    response_model=schemas.BijlageRead,
    status_code=status.HTTP_201_CREATED,
    tags=["bijlagen"],
    summary="Add a document to an application (until it is decided), e.g. its budget",
    responses=UPLOAD,
    openapi_extra=BODY,
)
async def add_to_application(
    aanvraagId: uuid.UUID, bestandsnaam: Bestandsnaam, request: Request, session: SessionDep, tenant: TenantDep,
    caller: CallerDep, soort: Soort = None,
) -> schemas.BijlageRead:  # fmt: skip
    return await _add(request, session, tenant, caller, aanvraag_id=aanvraagId, onderwerp="aanvraag",
                      bestandsnaam=bestandsnaam, soort=soort)  # fmt: skip


@router.post(
    "/aanvragen/{aanvraagId}/verantwoording/bijlagen",
    response_model=schemas.BijlageRead,
    status_code=status.HTTP_201_CREATED,
    tags=["bijlagen"],
    summary="Add a document to the accountability report (until it is assessed), e.g. the annual accounts",
    responses=UPLOAD,
    openapi_extra=BODY,
)
async def add_to_report(
    aanvraagId: uuid.UUID, bestandsnaam: Bestandsnaam, request: Request, session: SessionDep, tenant: TenantDep,
    caller: CallerDep, soort: Soort = None,
) -> schemas.BijlageRead:  # fmt: skip
    return await _add(request, session, tenant, caller, aanvraag_id=aanvraagId, onderwerp="verantwoording",
                      bestandsnaam=bestandsnaam, soort=soort)  # fmt: skip


@router.post(
    "/besluiten/{besluitId}/bijlagen",
    response_model=schemas.BijlageRead,
    status_code=status.HTTP_201_CREATED,
    tags=["bijlagen"],
    summary="Add a document to a decision",
    responses=UPLOAD,
    openapi_extra=BODY,
    dependencies=[policy_staff("add a document to a decision")],
)
async def add_to_decision(
    besluitId: uuid.UUID, bestandsnaam: Bestandsnaam, request: Request, session: SessionDep, tenant: TenantDep,
    caller: CallerDep, soort: Soort = None,
) -> schemas.BijlageRead:  # fmt: skip
    besluit = await get_besluit(session, tenant, caller, besluitId)
    return await _add(request, session, tenant, caller, aanvraag_id=besluit.aanvraag_id, onderwerp="besluit",
                      besluit_id=besluit.id, bestandsnaam=bestandsnaam, soort=soort)  # fmt: skip


@router.get(
    "/aanvragen/{aanvraagId}/bijlagen",
    response_model=Page[schemas.BijlageRead],
    tags=["bijlagen"],
    summary="The documents of an application, its report and its decisions",
    responses={**NOT_FOUND, **FORBIDDEN},
)
async def list_bijlagen(
    aanvraagId: uuid.UUID, session: SessionDep, tenant: TenantDep, caller: CallerDep, pager: PagerDep
) -> Page[schemas.BijlageRead]:
    rows = await service.list_for(session, tenant, caller, aanvraagId)
    return pager.of([schemas.BijlageRead.model_validate(r) for r in rows])


@router.get(
    "/bijlagen/{bijlageId}",
    response_model=schemas.BijlageRead,
    tags=["bijlagen"],
    summary="A document's description",
    responses={**NOT_FOUND, **FORBIDDEN},
)
async def get_bijlage(
    bijlageId: uuid.UUID, session: SessionDep, tenant: TenantDep, caller: CallerDep
) -> schemas.BijlageRead:
    return schemas.BijlageRead.model_validate(await service.get(session, tenant, caller, bijlageId))


@router.get(
    "/bijlagen/{bijlageId}/inhoud",
    tags=["bijlagen"],
    summary="Download a document (its SHA-256 in Repr-Digest, RFC 9530)",
    response_class=Response,
    responses={
        200: {"description": "The document, as its type was read.", "content": {"application/octet-stream": {}}},
        **NOT_FOUND,
        **FORBIDDEN,
    },
)
async def download_bijlage(bijlageId: uuid.UUID, session: SessionDep, tenant: TenantDep, caller: CallerDep) -> Response:
    bijlage = await service.get(session, tenant, caller, bijlageId)
    content = await service.content_of(session, bijlage)
    digest = base64.b64encode(bytes.fromhex(bijlage.sha256)).decode()
    return Response(
        content,
        media_type=bijlage.mediatype,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(bijlage.bestandsnaam)}",
            "Repr-Digest": f"sha-256=:{digest}:",
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.delete(
    "/bijlagen/{bijlageId}",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["bijlagen"],
    summary="Take a document off (while its application or report still takes documents)",
    responses=ACTION,
)
async def delete_bijlage(bijlageId: uuid.UUID, session: SessionDep, tenant: TenantDep, caller: CallerDep) -> Response:
    await service.remove(session, tenant, caller, bijlageId)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/besluiten/{besluitId}/beschikking",
    tags=["bijlagen"],
    summary="The decision's letter (beschikking) as PDF, rendered from the decision",
    response_class=Response,
    responses={200: {"description": "application/pdf", "content": {"application/pdf": {}}}, **NOT_FOUND, **FORBIDDEN},
)
async def beschikking_pdf(besluitId: uuid.UUID, session: SessionDep, tenant: TenantDep, caller: CallerDep) -> Response:
    besluit = await get_besluit(session, tenant, caller, besluitId)
    aanvraag = await session.get(Aanvraag, besluit.aanvraag_id)
    assert aanvraag is not None
    return Response(
        beschikking.render(besluit, aanvraag),
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="beschikking-{besluit.identificatie}.pdf"'},
    )
