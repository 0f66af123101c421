"""Routes: the money after the grant — the payment ledger, its steps, the subsidy administration's bank run, SiSa.

The ledger has a router of its own: besides policy staff and partners (who read their own payments), finance staff
and the subsidy administration change it — each step only by the role whose step it is (`steps.MAY_TAKE`).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Literal

from fastapi import Query, Request, Response
from stuurcyclus_common.auth import ALL_ROLES, FINANCE_STAFF, INTEGRATORS, POLICY_STAFF, only, staff
from stuurcyclus_common.gemeenten import naam as gemeente_naam
from stuurcyclus_common.http import SessionDep, TenantDep, csv_download, service_router
from stuurcyclus_common.identity import CallerDep
from stuurcyclus_common.pagination import Page, PagerDep, build_page

from ..shared.http import ACTION, FORBIDDEN, NOT_FOUND, RULES, Params, tag_version
from . import bankrun, ledger, schemas
from . import betaalbestand as betaalbestand_file
from . import sisa as sisa_figures
from .bankrun import BANK_RUN_ROLES

router = service_router(read=ALL_ROLES, write=POLICY_STAFF | FINANCE_STAFF | INTEGRATORS)
BANK_RUN_EXAMPLE = (
    "betalingId;status;bedrag;datum;kenmerk\n0b6a…;verzonden;2.500,00;14-01-2027;BR-2027-001\n"
    "0b6a…;betaald;2.500,00;15-01-2027;BR-2027-001\n"
)


@router.get(
    "/betalingen",
    response_model=Page[schemas.BetalingRead],
    tags=["betalingen"],
    summary="The payment ledger: advances, final payments and reclaims (a partner: its own), oldest due first",
)
async def list_betalingen(
    request: Request,
    session: SessionDep,
    tenant: TenantDep,
    caller: CallerDep,
    params: Params,
    aanvraagId: uuid.UUID | None = None,
    status: Annotated[schemas.BetalingStatus | None, Query()] = None,
    soort: Annotated[schemas.BetalingSoort | None, Query()] = None,
    opeisbaar: Annotated[bool | None, Query(description="Only those due (or not yet due) and not sent.")] = None,
) -> Page[schemas.BetalingRead]:
    count, rows = await ledger.list_betalingen(
        session, tenant, caller, params, aanvraag_id=aanvraagId, status=status, soort=soort, opeisbaar=opeisbaar
    )
    return build_page(request, params, count, [ledger.read(b) for b in rows])


@router.get(
    "/betalingen/betaalbestand",
    tags=["betalingen"],
    summary="The authorised payouts as the bank's payment file: SEPA pain.001 (XML) or Dutch Excel CSV",
    response_class=Response,
    responses={
        200: {
            "description": "pain.001.001.03, validated against its XSD; or `;`-separated CSV with `formaat=csv`.",
            "content": {"application/xml": {"schema": {"type": "string"}}, "text/csv": {"schema": {"type": "string"}}},
        },
        **RULES,
    },
    dependencies=[only(BANK_RUN_ROLES | POLICY_STAFF, "make the payment file")],
)
async def betaalbestand(
    session: SessionDep,
    tenant: TenantDep,
    formaat: Annotated[Literal["pain.001", "csv"], Query(description="`pain.001` (default) or `csv`.")] = "pain.001",
    uitvoerdatum: Annotated[
        date | None, Query(description="Requested execution date (ISO); default today, never before a payment's day.")
    ] = None,
) -> Response:
    """Every payout the municipality authorised and nobody sent yet, to the partners' accounts on record
    (`POST /rekeningen`, `houder` the partner), from the municipality's (`houder` `gemeente`). Each transfer's
    end-to-end id is the payment's id: book the bank's answer with the bank run. Making the file changes nothing."""
    if formaat == "csv":
        return csv_download(
            await betaalbestand_file.payouts_csv(session, tenant, uitvoerdatum), f"betaalbestand-{tenant}.csv"
        )
    xml = await betaalbestand_file.pain001(session, tenant, gemeente_naam(tenant), uitvoerdatum)
    return Response(
        xml,
        media_type="application/xml",
        headers={"Content-Disposition": f'attachment; filename="pain001-{tenant}.xml"'},
    )


@router.get(
    "/betalingen/{betalingId}",
    response_model=schemas.BetalingRead,
    tags=["betalingen"],
    summary="A payment of the ledger, with every step (who, when)",
    responses={**NOT_FOUND, **FORBIDDEN},
)
async def get_betaling(
    betalingId: uuid.UUID, session: SessionDep, tenant: TenantDep, caller: CallerDep, response: Response
) -> schemas.BetalingRead:
    betaling = await ledger.get_betaling(session, tenant, caller, betalingId)
    tag_version(response, betaling.versie)
    return ledger.read(betaling)


@router.post(
    "/betalingen/{betalingId}/stappen",
    response_model=schemas.BetalingRead,
    tags=["betalingen"],
    summary="A step of a payment: geautoriseerd (the municipality), verzonden and betaald (the subsidy "
    "administration), geannuleerd (before it was sent, with a reason)",
    responses=ACTION,
    dependencies=[staff("change a payment")],
)
async def step_betaling(
    betalingId: uuid.UUID,
    data: schemas.BetalingStatusCreate,
    session: SessionDep,
    tenant: TenantDep,
    caller: CallerDep,
    response: Response,
) -> schemas.BetalingRead:
    betaling = await ledger.transition(session, tenant, caller, betalingId, data)
    tag_version(response, betaling.versie)
    return ledger.read(betaling)


@router.post(
    "/betalingen/bankrun",
    response_model=schemas.BankrunRead,
    tags=["betalingen"],
    summary="The subsidy administration's bank run as CSV (Dutch Excel or plain): every line applied, or none",
    responses=ACTION,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"text/csv": {"schema": {"type": "string"}, "example": BANK_RUN_EXAMPLE}},
        }
    },
    dependencies=[only(BANK_RUN_ROLES, "book a bank run")],
)
async def bank_run(request: Request, session: SessionDep, tenant: TenantDep, caller: CallerDep) -> schemas.BankrunRead:
    text = (await request.body()).decode("utf-8-sig", errors="replace")
    lines = await bankrun.bank_run(session, tenant, caller, text)
    booked = {r.betaling.id: r.betaling for r in lines if r.uitkomst == "verwerkt"}
    return schemas.BankrunRead(
        verwerkt=sum(r.uitkomst == "verwerkt" for r in lines),
        al_verwerkt=sum(r.uitkomst == "al_verwerkt" for r in lines),
        regels=[
            schemas.BankrunRegel(regel=r.regel, betaling_id=r.betaling.id, status=r.data.status, uitkomst=r.uitkomst)
            for r in lines
        ],
        betalingen=[ledger.read(b) for b in booked.values()],
    )


@router.get(
    "/sisa",
    response_model=Page[schemas.SisaRegel],
    tags=["betalingen"],
    summary="Per SiSa regulation code and year: granted, paid, reclaimed, settled — for the annual accounts",
    responses={200: {"content": {"text/csv": {}}, "description": "With `formaat=csv`: every row, `;`-separated."}},
    dependencies=[staff("read the SiSa figures")],
)
async def sisa(
    session: SessionDep,
    tenant: TenantDep,
    pager: PagerDep,
    jaar: Annotated[int | None, Query(ge=2000, le=2100, description="Subsidy year.")] = None,
    formaat: Annotated[Literal["json", "csv"], Query()] = "json",
):  # noqa: ANN201  (a page, or the CSV)
    rows = await sisa_figures.sisa(session, tenant, jaar)
    if formaat == "csv":
        return csv_download(sisa_figures.sisa_csv(rows), f"sisa-{tenant}.csv")
    return pager.of(rows)
