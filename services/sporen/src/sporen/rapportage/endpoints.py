"""Routes: the half-year report (a draft for staff; published versions for everyone), as JSON, HTML or PDF."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import Path, Query, Response, status
from fastapi.responses import HTMLResponse
from stuurcyclus_common.auth import ALL_ROLES, POLICY_STAFF
from stuurcyclus_common.http import SessionDep, TenantDep, service_router
from stuurcyclus_common.pagination import Page, PagerDep
from stuurcyclus_common.responses import NOT_FOUND, Responses

from ..rapportage import build as rapport_build
from ..rapportage import html as rapport_html
from ..rapportage import pdf as rapport_pdf
from ..rapportage import weergaven
from ..shared.http import DRAFT
from .schemas import Halfjaarrapportage, PublicatieRead

# Everyone may read the agenda (partners too: it is the municipality's public policy); policy staff change it.
router = service_router(read=ALL_ROLES, write=POLICY_STAFF)
HalfjaarPath = Annotated[str, Path(pattern=r"^\d{4}S[12]$", description="Half year, e.g. `2020S2`.")]
Formaat = Annotated[
    Literal["json", "html", "pdf"], Query(description="`json` (default), `html` (charts inline as SVG) or `pdf`.")
]


REPORT_FORMATS: Responses = {
    200: {
        "description": "The report, in the format asked for.",
        "content": {
            "text/html": {"schema": {"type": "string"}},
            "application/pdf": {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


def _rendered(report: Halfjaarrapportage, formaat: str, frozen: bool = False) -> Response | Halfjaarrapportage:
    """The report as asked; HTML and PDF rendered once per data version (`rapportage/weergaven.py`)."""
    if formaat == "html":
        page = weergaven.rendering(report, "html", frozen, lambda: rapport_html.render(report).encode())
        return HTMLResponse(page)
    if formaat == "pdf":
        name = f"halfjaarrapportage-{report.gemeente}-{report.periode}.pdf"
        return Response(
            weergaven.rendering(report, "pdf", frozen, lambda: rapport_pdf.render(report)),
            media_type="application/pdf",
            headers={"Content-Disposition": f'inline; filename="{name}"'},
        )
    return report


@router.get(
    "/rapportages/halfjaar/{periode}",
    response_model=Halfjaarrapportage,
    tags=["rapportage"],
    summary="The half-year report as it is now, a draft (JSON, HTML or PDF; staff only)",
    responses={**NOT_FOUND, **REPORT_FORMATS},
    dependencies=DRAFT,
)
async def get_halfjaarrapportage(
    periode: HalfjaarPath, session: SessionDep, tenant: TenantDep, formaat: Formaat = "json"
) -> Response | Halfjaarrapportage:
    return _rendered(await rapport_build.build(session, tenant, periode), formaat)


@router.post(
    "/rapportages/halfjaar/{periode}/publicaties",
    response_model=PublicatieRead,
    status_code=status.HTTP_201_CREATED,
    tags=["rapportage"],
    summary="Publish (freeze) the report with the data version it was built from; unchanged data: the same one",
    responses=NOT_FOUND,
)
async def publish_halfjaarrapportage(periode: HalfjaarPath, session: SessionDep, tenant: TenantDep) -> PublicatieRead:
    return PublicatieRead.model_validate(await rapport_build.publish(session, tenant, periode))


@router.get(
    "/rapportages/halfjaar/{periode}/publicaties",
    response_model=Page[PublicatieRead],
    tags=["rapportage"],
    summary="The published versions of a half year's report",
)
async def list_publicaties(
    periode: HalfjaarPath, session: SessionDep, tenant: TenantDep, pager: PagerDep
) -> Page[PublicatieRead]:
    return pager.of(
        [PublicatieRead.model_validate(r) for r in await rapport_build.publications(session, tenant, periode)]
    )


@router.get(
    "/rapportages/publicaties/{publicatieId}",
    response_model=Halfjaarrapportage,
    tags=["rapportage"],
    summary="A published report exactly as frozen (JSON, HTML or PDF)",
    responses={**NOT_FOUND, **REPORT_FORMATS},
)
async def get_publicatie(
    publicatieId: uuid.UUID, session: SessionDep, tenant: TenantDep, formaat: Formaat = "json"
) -> Response | Halfjaarrapportage:
    return _rendered(await rapport_build.published(session, tenant, publicatieId), formaat, frozen=True)
