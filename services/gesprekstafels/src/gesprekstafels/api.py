"""HTTP routes of the gesprekstafels service, under /api/v1/gesprekstafels.

A partner organisation (role `partner` in its token, with its `organisatie`) reads the cycle, tables and calls, and
works on its own applications and reports only; deciding and directing is for the municipality's policy staff.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import Depends, Path, Query, Request, Response, status
from fastapi.responses import PlainTextResponse
from stuurcyclus_common.auth import ALL_ROLES, POLICY_STAFF
from stuurcyclus_common.errors import Problem
from stuurcyclus_common.http import IfMatchDep, SessionDep, TenantDep, etag, service_router
from stuurcyclus_common.identity import CallerDep
from stuurcyclus_common.pagination import Page, PageParams, PagerDep, build_page, page_params
from stuurcyclus_common.readmodel import AmbitieReferentieRead, add_reference_list
from stuurcyclus_common.versioning import get_or_raise

from . import cyclus, schemas, service
from .models import AmbitieReferentie, IndicatorReferentie, Tafel, Uitvraag

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


def _tagged(response: Response, versie: int) -> None:
    response.headers["ETag"] = etag(versie)


# --- cycle ----------------------------------------------------------------------------------------------------------


@router.get("/cycli", response_model=Page[schemas.CyclusRead], tags=["cyclus"], summary="The yearly cycles")
async def list_cycli(
    request: Request, session: SessionDep, tenant: TenantDep, params: Params
) -> Page[schemas.CyclusRead]:
    count, rows = await cyclus.list_cycli(session, tenant, params)
    return build_page(request, params, count, [await cyclus.read(session, c) for c in rows])


@router.post(
    "/cycli",
    response_model=schemas.CyclusRead,
    status_code=status.HTTP_201_CREATED,
    tags=["cyclus"],
    summary="Start the cycle of a year (all phases planned in their default months)",
    responses={**FORBIDDEN, **CONFLICT},
)
async def create_cyclus(
    data: schemas.CyclusCreate, session: SessionDep, tenant: TenantDep, caller: CallerDep
) -> schemas.CyclusRead:
    caller.require_gemeente("start a cycle")
    return await cyclus.read(session, await cyclus.create(session, tenant, data))


@router.get(
    "/cycli/{jaar}",
    response_model=schemas.CyclusRead,
    tags=["cyclus"],
    summary="A year's cycle: phases, what is open, what is late",
    responses=NOT_FOUND,
)
async def get_cyclus(jaar: JaarPath, session: SessionDep, tenant: TenantDep) -> schemas.CyclusRead:
    return await cyclus.read(session, await cyclus.get_cyclus(session, tenant, jaar))


@router.post(
    "/cycli/{jaar}/fasen/{fase}/opening",
    response_model=schemas.CyclusRead,
    tags=["cyclus"],
    summary="Open a phase (refused while the phases it needs are not closed)",
    responses=ACTION,
)
async def open_fase(
    jaar: JaarPath,
    fase: FasePath,
    session: SessionDep,
    tenant: TenantDep,
    caller: CallerDep,
    data: schemas.FaseCommand | None = None,
) -> schemas.CyclusRead:
    caller.require_gemeente("open a phase")
    return await cyclus.read(session, await cyclus.open_fase(session, tenant, jaar, fase, data.reden if data else None))


@router.post(
    "/cycli/{jaar}/fasen/{fase}/sluiting",
    response_model=schemas.CyclusRead,
    tags=["cyclus"],
    summary="Close a phase (`begroting` closes only on financien's budget event)",
    responses=ACTION,
)
async def close_fase(
    jaar: JaarPath,
    fase: FasePath,
    session: SessionDep,
    tenant: TenantDep,
    caller: CallerDep,
    data: schemas.FaseCommand | None = None,
) -> schemas.CyclusRead:
    caller.require_gemeente("close a phase")
    closed = await cyclus.close_fase(session, tenant, jaar, fase, data.reden if data else None)
    if fase == "uitvraag":
        await service.close_calls(session, closed)
    return await cyclus.read(session, closed)


@router.get(
    "/tussenrapportages/{subsidiejaar}",
    response_model=schemas.Tussenrapportage,
    tags=["cyclus"],
    summary="Interim report: per ambition granted, reported, spent, settled, reclaimed",
    responses=FORBIDDEN,
)
async def get_tussenrapportage(
    subsidiejaar: Annotated[int, Path(ge=2000, le=2100)], session: SessionDep, tenant: TenantDep, caller: CallerDep
) -> schemas.Tussenrapportage:
    caller.require_staff("read the interim report of all partners")
    return await service.tussenrapportage(session, tenant, subsidiejaar)


@router.get(
    "/open-data/360giving",
    response_model=schemas.Giving360Package,
    tags=["open data"],
    summary="The municipality's decided grants as open data (360Giving Data Standard), as JSON or its CSV",
    responses={200: {"content": {"text/csv": {}}, "description": "With `formaat=csv`: the standard's flat CSV."}},
)
async def get_360giving(
    session: SessionDep,
    tenant: TenantDep,
    formaat: Annotated[Literal["json", "csv"], Query(description="`csv`: 360Giving's flat CSV.")] = "json",
):  # noqa: ANN201  (the package, or its CSV)
    package = await service.opendata.grants(session, tenant)
    if formaat == "csv":
        return PlainTextResponse(
            service.opendata.as_csv(package),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="360giving-{tenant}.csv"'},
        )
    return package


@router.get(
    "/termijnen",
    response_model=Page[schemas.Termijn],
    tags=["cyclus"],
    summary="What is due and overdue, per phase and per partner (a partner sees its own)",
)
async def list_termijnen(
    session: SessionDep,
    tenant: TenantDep,
    caller: CallerDep,
    pager: PagerDep,
    partner: Annotated[str | None, Query(max_length=200)] = None,
    status_: Annotated[Literal["open", "verlopen", "voldaan"] | None, Query(alias="status")] = None,
) -> Page[schemas.Termijn]:
    return pager.of(await service.termijnen(session, tenant, caller, partner, status_))


# --- tables ---------------------------------------------------------------------------------------------------------


@router.get("/tafels", response_model=Page[schemas.TafelRead], tags=["tafels"], summary="Conversation tables")
async def list_tafels(
    request: Request,
    session: SessionDep,
    tenant: TenantDep,
    params: Params,
    jaar: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    fase: Annotated[Literal["thematafels-januari", "gezamenlijke-tafel", "thematafels-oktober"] | None, Query()] = None,
) -> Page[schemas.TafelRead]:
    count, rows = await service.list_tafels(session, tenant, params, jaar, fase)
    return build_page(request, params, count, [await service.tafel_read(session, t, full=False) for t in rows])


@router.post(
    "/tafels",
    response_model=schemas.TafelRead,
    status_code=status.HTTP_201_CREATED,
    tags=["tafels"],
    summary="Plan a table (theme: one ambition; or the joint table)",
    responses=ACTION,
)
async def create_tafel(
    data: schemas.TafelCreate, session: SessionDep, tenant: TenantDep, caller: CallerDep, response: Response
) -> schemas.TafelRead:
    caller.require_gemeente("plan a table")
    tafel = await service.create_tafel(session, tenant, data)
    _tagged(response, tafel.versie)
    return await service.tafel_read(session, tafel)


@router.get(
    "/tafels/{tafelId}",
    response_model=schemas.TafelRead,
    tags=["tafels"],
    summary="A table with its outcomes and what feeds it",
    responses=NOT_FOUND,
)
async def get_tafel(
    tafelId: uuid.UUID, session: SessionDep, tenant: TenantDep, response: Response
) -> schemas.TafelRead:
    tafel = await get_or_raise(session, Tafel, tenant, tafelId)
    _tagged(response, tafel.versie)
    return await service.tafel_read(session, tafel)


@router.patch(
    "/tafels/{tafelId}",
    response_model=schemas.TafelRead,
    tags=["tafels"],
    summary="Change a table: date, place, participants (If-Match or versie)",
    responses=UPDATE,
)
async def update_tafel(
    tafelId: uuid.UUID,
    data: schemas.TafelUpdate,
    session: SessionDep,
    tenant: TenantDep,
    caller: CallerDep,
    response: Response,
    if_match: IfMatchDep,
) -> schemas.TafelRead:
    caller.require_gemeente("change a table")
    tafel = await service.update_tafel(session, tenant, tafelId, data, if_match)
    _tagged(response, tafel.versie)
    return await service.tafel_read(session, tafel)


@router.post(
    "/tafels/{tafelId}/uitkomsten",
    response_model=schemas.UitkomstRead,
    status_code=status.HTTP_201_CREATED,
    tags=["tafels"],
    summary="Record an outcome: task, ranked priority, trend or agreement (while the table's phase is open)",
    responses=ACTION,
)
async def add_uitkomst(
    tafelId: uuid.UUID, data: schemas.UitkomstCreate, session: SessionDep, tenant: TenantDep, caller: CallerDep
) -> schemas.UitkomstRead:
    caller.require_gemeente("record an outcome")
    return schemas.UitkomstRead.model_validate(await service.add_uitkomst(session, tenant, tafelId, data))


# --- calls ----------------------------------------------------------------------------------------------------------


@router.get("/uitvragen", response_model=Page[schemas.UitvraagRead], tags=["uitvraag"], summary="Subsidy calls")
async def list_uitvragen(
    request: Request,
    session: SessionDep,
    tenant: TenantDep,
    params: Params,
    jaar: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> Page[schemas.UitvraagRead]:
    count, rows = await service.list_uitvragen(session, tenant, params, jaar)
    return build_page(request, params, count, [await service.uitvraag_read(session, u) for u in rows])


@router.post(
    "/uitvragen",
    response_model=schemas.UitvraagRead,
    status_code=status.HTTP_201_CREATED,
    tags=["uitvraag"],
    summary="Draft the call of an ambition, built from January's prioritised tasks",
    responses=ACTION,
)
async def create_uitvraag(
    data: schemas.UitvraagCreate, session: SessionDep, tenant: TenantDep, caller: CallerDep
) -> schemas.UitvraagRead:
    caller.require_gemeente("draft a call")
    return await service.uitvraag_read(session, await service.create_uitvraag(session, tenant, data))


@router.get(
    "/uitvragen/{uitvraagId}",
    response_model=schemas.UitvraagRead,
    tags=["uitvraag"],
    summary="A call",
    responses=NOT_FOUND,
)
async def get_uitvraag(uitvraagId: uuid.UUID, session: SessionDep, tenant: TenantDep) -> schemas.UitvraagRead:
    return await service.uitvraag_read(session, await get_or_raise(session, Uitvraag, tenant, uitvraagId))


@router.post(
    "/uitvragen/{uitvraagId}/publicatie",
    response_model=schemas.UitvraagRead,
    tags=["uitvraag"],
    summary="Publish a call (in the open call phase, with the ceiling from financien)",
    responses=ACTION,
)
async def publish_uitvraag(
    uitvraagId: uuid.UUID, session: SessionDep, tenant: TenantDep, caller: CallerDep
) -> schemas.UitvraagRead:
    caller.require_gemeente("publish a call")
    return await service.uitvraag_read(session, await service.publish_uitvraag(session, tenant, uitvraagId))


# --- applications ---------------------------------------------------------------------------------------------------


async def _one(session, aanvraag) -> schemas.AanvraagRead:  # noqa: ANN001
    return (await service.aanvraag_reads(session, [aanvraag]))[0]


@router.get(
    "/aanvragen",
    response_model=Page[schemas.AanvraagRead],
    tags=["aanvragen"],
    summary="Applications (a partner sees only its own)",
)
async def list_aanvragen(
    request: Request,
    session: SessionDep,
    tenant: TenantDep,
    caller: CallerDep,
    params: Params,
    uitvraagId: uuid.UUID | None = None,
    status_: Annotated[schemas.AanvraagStatus | None, Query(alias="status")] = None,
    partner: Annotated[str | None, Query(max_length=200)] = None,
) -> Page[schemas.AanvraagRead]:
    count, rows = await service.list_aanvragen(
        session, tenant, caller, params, uitvraag_id=uitvraagId, status=status_, partner=partner
    )
    return build_page(request, params, count, await service.aanvraag_reads(session, rows))


@router.post(
    "/aanvragen",
    response_model=schemas.AanvraagRead,
    status_code=status.HTTP_201_CREATED,
    tags=["aanvragen"],
    summary="Draft an application to a published call",
    responses=ACTION,
)
async def create_aanvraag(
    data: schemas.AanvraagCreate, session: SessionDep, tenant: TenantDep, caller: CallerDep, response: Response
) -> schemas.AanvraagRead:
    aanvraag = await service.create_aanvraag(session, tenant, caller, data)
    _tagged(response, aanvraag.versie)
    return await _one(session, aanvraag)


@router.get(
    "/aanvragen/{aanvraagId}",
    response_model=schemas.AanvraagRead,
    tags=["aanvragen"],
    summary="An application",
    responses={**NOT_FOUND, **FORBIDDEN},
)
async def get_aanvraag(
    aanvraagId: uuid.UUID, session: SessionDep, tenant: TenantDep, caller: CallerDep, response: Response
) -> schemas.AanvraagRead:
    aanvraag = await service.get_aanvraag(session, tenant, caller, aanvraagId)
    _tagged(response, aanvraag.versie)
    return await _one(session, aanvraag)


@router.patch(
    "/aanvragen/{aanvraagId}",
    response_model=schemas.AanvraagRead,
    tags=["aanvragen"],
    summary="Change a draft (If-Match or versie)",
    responses=UPDATE,
)
async def update_aanvraag(
    aanvraagId: uuid.UUID,
    data: schemas.AanvraagUpdate,
    session: SessionDep,
    tenant: TenantDep,
    caller: CallerDep,
    response: Response,
    if_match: IfMatchDep,
) -> schemas.AanvraagRead:
    aanvraag = await service.update_aanvraag(session, tenant, caller, aanvraagId, data, if_match)
    _tagged(response, aanvraag.versie)
    return await _one(session, aanvraag)


@router.get(
    "/aanvragen/{aanvraagId}/historie",
    response_model=Page[schemas.StatuswijzigingRead],
    tags=["aanvragen"],
    summary="Every status change of an application",
    responses={**NOT_FOUND, **FORBIDDEN},
)
async def aanvraag_historie(
    aanvraagId: uuid.UUID, session: SessionDep, tenant: TenantDep, caller: CallerDep, pager: PagerDep
) -> Page[schemas.StatuswijzigingRead]:
    rows = await service.history(session, tenant, caller, aanvraagId)
    return pager.of([schemas.StatuswijzigingRead.model_validate(r) for r in rows])


@router.post(
    "/aanvragen/{aanvraagId}/indiening",
    response_model=schemas.AanvraagRead,
    tags=["aanvragen"],
    summary="Submit (before the call's deadline, 23:59 Europe/Amsterdam)",
    responses=ACTION,
)
async def submit_aanvraag(
    aanvraagId: uuid.UUID, session: SessionDep, tenant: TenantDep, caller: CallerDep
) -> schemas.AanvraagRead:
    return await _one(session, await service.submit(session, tenant, caller, aanvraagId))


@router.post(
    "/aanvragen/{aanvraagId}/behandeling",
    response_model=schemas.AanvraagRead,
    tags=["aanvragen"],
    summary="Take into review (with a score when the call ranks)",
    responses=ACTION,
)
async def review_aanvraag(
    aanvraagId: uuid.UUID,
    session: SessionDep,
    tenant: TenantDep,
    caller: CallerDep,
    data: schemas.Behandeling | None = None,
) -> schemas.AanvraagRead:
    aanvraag = await service.start_review(session, tenant, caller, aanvraagId, data or schemas.Behandeling())
    return await _one(session, aanvraag)


@router.post(
    "/aanvragen/{aanvraagId}/voorstel",
    response_model=schemas.AanvraagRead,
    tags=["aanvragen"],
    summary="Propose for a grant: financien is asked to reserve under the ceiling (answer by event)",
    responses=ACTION,
)
async def propose_aanvraag(
    aanvraagId: uuid.UUID, session: SessionDep, tenant: TenantDep, caller: CallerDep
) -> schemas.AanvraagRead:
    return await _one(session, await service.propose(session, tenant, caller, aanvraagId))


@router.post(
    "/aanvragen/{aanvraagId}/toekenning",
    response_model=schemas.BesluitRead,
    status_code=status.HTTP_201_CREATED,
    tags=["besluiten"],
    summary="Grant (reservation confirmed, grant phase open): a decision",
    responses=ACTION,
)
async def grant_aanvraag(
    aanvraagId: uuid.UUID, data: schemas.ToekenningCreate, session: SessionDep, tenant: TenantDep, caller: CallerDep
) -> schemas.BesluitRead:
    return schemas.BesluitRead.model_validate(await service.grant(session, tenant, caller, aanvraagId, data))


@router.post(
    "/aanvragen/{aanvraagId}/afwijzing",
    response_model=schemas.BesluitRead,
    status_code=status.HTTP_201_CREATED,
    tags=["besluiten"],
    summary="Reject with a reason: a decision",
    responses=ACTION,
)
async def reject_aanvraag(
    aanvraagId: uuid.UUID, data: schemas.AfwijzingCreate, session: SessionDep, tenant: TenantDep, caller: CallerDep
) -> schemas.BesluitRead:
    besluit = await service.reject_by_municipality(session, tenant, caller, aanvraagId, data)
    return schemas.BesluitRead.model_validate(besluit)


@router.post(
    "/aanvragen/{aanvraagId}/intrekking",
    response_model=schemas.AanvraagRead,
    tags=["aanvragen"],
    summary="Withdraw (the applicant; before the grant)",
    responses=ACTION,
)
async def withdraw_aanvraag(
    aanvraagId: uuid.UUID, data: schemas.Reden, session: SessionDep, tenant: TenantDep, caller: CallerDep
) -> schemas.AanvraagRead:
    return await _one(session, await service.withdraw(session, tenant, caller, aanvraagId, data))


@router.post(
    "/aanvragen/{aanvraagId}/verantwoording",
    response_model=schemas.VerantwoordingRead,
    status_code=status.HTTP_201_CREATED,
    tags=["verantwoording"],
    summary="Account for a grant: realised activities, money spent, indicator values",
    responses=ACTION,
)
async def submit_verantwoording(
    aanvraagId: uuid.UUID, data: schemas.VerantwoordingCreate, session: SessionDep, tenant: TenantDep, caller: CallerDep
) -> schemas.VerantwoordingRead:
    report = await service.submit_report(session, tenant, caller, aanvraagId, data)
    return schemas.VerantwoordingRead.model_validate(report)


@router.get(
    "/aanvragen/{aanvraagId}/verantwoording",
    response_model=schemas.VerantwoordingRead,
    tags=["verantwoording"],
    summary="The accountability report of a grant",
    responses={**NOT_FOUND, **FORBIDDEN},
)
async def get_verantwoording(
    aanvraagId: uuid.UUID, session: SessionDep, tenant: TenantDep, caller: CallerDep
) -> schemas.VerantwoordingRead:
    return schemas.VerantwoordingRead.model_validate(await service.get_report(session, tenant, caller, aanvraagId))


@router.post(
    "/aanvragen/{aanvraagId}/vaststelling",
    response_model=schemas.BesluitRead,
    status_code=status.HTTP_201_CREATED,
    tags=["besluiten"],
    summary="Settle the grant (vaststelling): final amount ≤ grant, the difference reclaimed",
    responses=ACTION,
)
async def settle_aanvraag(
    aanvraagId: uuid.UUID, data: schemas.VaststellingCreate, session: SessionDep, tenant: TenantDep, caller: CallerDep
) -> schemas.BesluitRead:
    return schemas.BesluitRead.model_validate(await service.settle(session, tenant, caller, aanvraagId, data))


# --- decisions ------------------------------------------------------------------------------------------------------


@router.get(
    "/besluiten",
    response_model=Page[schemas.BesluitRead],
    tags=["besluiten"],
    summary="Decisions (ZGW Besluit shape; a partner sees its own)",
)
async def list_besluiten(
    request: Request,
    session: SessionDep,
    tenant: TenantDep,
    caller: CallerDep,
    params: Params,
    aanvraagId: uuid.UUID | None = None,
    soort: Annotated[Literal["toekenning", "afwijzing", "vaststelling"] | None, Query()] = None,
) -> Page[schemas.BesluitRead]:
    count, rows = await service.list_besluiten(session, tenant, caller, params, aanvraag_id=aanvraagId, soort=soort)
    return build_page(request, params, count, [schemas.BesluitRead.model_validate(b) for b in rows])


@router.get(
    "/besluiten/{besluitId}",
    response_model=schemas.BesluitRead,
    tags=["besluiten"],
    summary="A decision",
    responses={**NOT_FOUND, **FORBIDDEN},
)
async def get_besluit(
    besluitId: uuid.UUID, session: SessionDep, tenant: TenantDep, caller: CallerDep
) -> schemas.BesluitRead:
    return schemas.BesluitRead.model_validate(await service.get_besluit(session, tenant, caller, besluitId))
