"""Routes: the municipality's published subsidy register — imported as it comes, searched, summed, and set beside a
new call's applications ("bestaande subsidies beter benutten")."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import Query, Request
from stuurcyclus_common.auth import ALL_ROLES, INTEGRATORS, POLICY_STAFF, staff
from stuurcyclus_common.http import SessionDep, TenantDep, service_router, upload_text
from stuurcyclus_common.identity import CallerDep
from stuurcyclus_common.pagination import Page, PagerDep
from stuurcyclus_common.responses import NOT_FOUND, problem

from . import service
from .schemas import BestaandeSubsidieRead, RegisterResult, Totaal, VergelijkingRead

# Staff read every dossier, a partner those that name it; policy staff and the subsidy administration import.
router = service_router(read=ALL_ROLES, write=POLICY_STAFF | INTEGRATORS)

Text = Annotated[str | None, Query(max_length=300)]


def _criteria(jaar: int | None, regeling: str | None, beleidsterrein: str | None, aanvrager: str | None,
              periodiciteit: str | None, zoek: str | None) -> dict[str, object]:  # fmt: skip
    return {"jaar": jaar, "regeling": regeling, "beleidsterrein": beleidsterrein, "aanvrager": aanvrager,
            "periodiciteit": periodiciteit, "zoek": zoek}  # fmt: skip


@router.post(
    "/subsidieregister",
    response_model=RegisterResult,
    tags=["subsidieregister"],
    responses=problem(422, "Bad rows, each named by line and column; nothing was imported."),
    openapi_extra={"requestBody": {"required": True, "content": {"text/csv": {"schema": {"type": "string"}}}}},
)
async def import_subsidieregister(request: Request, session: SessionDep, tenant: TenantDep) -> RegisterResult:
    """Import the municipality's published subsidy register as it comes (one row per dossier, `;` or `,`, `NULL` for
    no figure): idempotent by dossier number and year — the same file again changes nothing."""
    return await service.import_register(session, tenant, await upload_text(request, limit_mib=50, what="a register"))


@router.get("/subsidieregister", response_model=Page[BestaandeSubsidieRead], tags=["subsidieregister"])
async def list_subsidieregister(
    session: SessionDep,
    tenant: TenantDep,
    pager: PagerDep,
    caller: CallerDep,
    jaar: Annotated[int | None, Query(ge=1990, le=2100)] = None,
    regeling: Text = None,
    beleidsterrein: Text = None,
    aanvrager: Annotated[
        str | None, Query(max_length=300, description="The applicant (case, accents, St. = Stichting alike).")
    ] = None,
    periodiciteit: Literal["eenmalig", "periodiek"] | None = None,
    zoek: Annotated[
        str | None, Query(max_length=100, description="Words in applicant, scheme, project, dossier.")
    ] = None,
) -> Page[BestaandeSubsidieRead]:
    """The register's dossiers, newest year first: what was asked, granted and settled, by whom, under which scheme.
    A partner sees the dossiers that name it; a private person is never named outside staff."""
    criteria = _criteria(jaar, regeling, beleidsterrein, aanvrager, periodiciteit, zoek)
    query = service.dossiers(tenant, caller, criteria)
    return await pager.query(session, query, lambda row: service.as_read(row, caller))


@router.get("/subsidieregister/totalen", response_model=Page[Totaal], tags=["subsidieregister"])
async def subsidieregister_totalen(
    session: SessionDep,
    tenant: TenantDep,
    pager: PagerDep,
    caller: CallerDep,
    per: Annotated[
        Literal["aanvrager", "regeling"], Query(description="Sum per applicant or per scheme.")
    ] = "aanvrager",
    jaar: Annotated[int | None, Query(ge=1990, le=2100)] = None,
    regeling: Text = None,
    beleidsterrein: Text = None,
    aanvrager: Text = None,
    periodiciteit: Literal["eenmalig", "periodiek"] | None = None,
) -> Page[Totaal]:
    """What was asked, granted and settled per applicant (or scheme) and year: a partner's history in the register
    (`per=aanvrager&aanvrager=…`), or a scheme's."""
    criteria = _criteria(jaar, regeling, beleidsterrein, aanvrager, periodiciteit, None)
    return pager.of(await service.totals(session, tenant, caller, per, criteria))


@router.get(
    "/uitvragen/{uitvraagId}/bestaande-subsidies",
    response_model=Page[VergelijkingRead],
    tags=["subsidieregister"],
    responses=NOT_FOUND,
    dependencies=[staff("compare a call's applications with the subsidy register")],
)
async def compare_uitvraag(
    uitvraagId: uuid.UUID, session: SessionDep, tenant: TenantDep, pager: PagerDep
) -> Page[VergelijkingRead]:
    """Each application of a call beside what its applicant already receives by the register: dossiers, granted per
    year, schemes, periodic or not — to weigh whether a new initiative adds to or replaces what is funded."""
    return pager.of(await service.comparison(session, tenant, uitvraagId))
