"""HTTP routes of the sporen service, under /api/v1/sporen."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import Depends, Path, Query, Request, Response, status
from fastapi.responses import HTMLResponse
from stuurcyclus_common.auth import ALL_ROLES, POLICY_STAFF, STAFF, policy
from stuurcyclus_common.http import DatabaseDep, IfMatchDep, SessionDep, TenantDep, etag, service_router
from stuurcyclus_common.pagination import Page, PageParams, PagerDep, build_page, page_params
from stuurcyclus_common.responses import CONFLICT, NOT_FOUND, VERSIONED, Responses, problem

from . import reads, schemas, service
from .models import Aandachtsgroep, Ambitie, Beweging, Interventie, Opgave, Rapporttekst, Risico, Spoor
from .rapportage import build as rapport_build
from .rapportage import html as rapport_html
from .rapportage import pdf as rapport_pdf
from .rapportage import weergaven

# Everyone may read the agenda (partners too: it is the municipality's public policy); policy staff change it.
router = service_router(read=ALL_ROLES, write=POLICY_STAFF)
#: A report that is not yet published, and the texts written for it, are for the municipality's staff: the same
#: readers as the figures it shows (financien's are staff-only). Published reports are for every role.
DRAFT = [policy(STAFF, POLICY_STAFF)]
Params = Annotated[PageParams, Depends(page_params)]
UPDATE: Responses = {**NOT_FOUND, **VERSIONED, **problem(422, "A rule of the agenda refuses the change.")}
Expand = Annotated[
    str | None,
    Query(
        pattern=r"^(interventies|voortgang|risicos)(,(interventies|voortgang|risicos))*$",
        description="Comma-separated: `interventies`, `voortgang`, `risicos`.",
    ),
]


def _tagged(response: Response, thing: object) -> None:
    response.headers["ETag"] = etag(thing.versie)  # type: ignore[attr-defined]


# --- sporen ----------------------------------------------------------------------------------------------------------


@router.get("/sporen", response_model=Page[schemas.SpoorRead], tags=["sporen"], summary="List the tracks")
async def list_sporen(
    request: Request,
    database: DatabaseDep,
    tenant: TenantDep,
    params: Params,
    status_: Annotated[schemas.SpoorStatus | None, Query(alias="status")] = None,
    zoek: Annotated[str | None, Query(min_length=1, max_length=200, description="Search name and problem.")] = None,
) -> Page[schemas.SpoorRead]:
    count, results = await reads.sporen(
        database, tenant, limit=params.page_size, offset=params.offset, status=status_, zoek=zoek
    )
    return build_page(request, params, count, results)


@router.post(
    "/sporen",
    response_model=schemas.SpoorRead,
    status_code=status.HTTP_201_CREATED,
    tags=["sporen"],
    summary="Add a track",
    responses={**CONFLICT, 422: UPDATE[422]},
)
async def create_spoor(
    data: schemas.SpoorCreate, session: SessionDep, tenant: TenantDep, response: Response
) -> schemas.SpoorRead:
    spoor = await service.create_spoor(session, tenant, data)
    _tagged(response, spoor)
    return await service.spoor_read(session, spoor)


@router.get(
    "/sporen/{spoorId}",
    response_model=schemas.SpoorRead,
    tags=["sporen"],
    summary="Read a track, its interfaces expanded",
    responses=NOT_FOUND,
)
async def get_spoor(
    spoorId: uuid.UUID, database: DatabaseDep, tenant: TenantDep, response: Response, expand: Expand = None
) -> schemas.SpoorRead:
    if not expand:  # the hot read: one prepared statement, no ORM session at all
        read = await reads.spoor(database, tenant, spoorId)
        _tagged(response, read)
        return read
    async with database.read_sessionmaker() as session:
        spoor = await service.get_or_raise(session, Spoor, tenant, spoorId)
        _tagged(response, spoor)
        return await service.spoor_read(session, spoor, set(expand.split(",")))


@router.patch(
    "/sporen/{spoorId}",
    response_model=schemas.SpoorRead,
    tags=["sporen"],
    summary="Change a track (If-Match or versie)",
    responses=UPDATE,
)
async def update_spoor(
    spoorId: uuid.UUID,
    data: schemas.SpoorUpdate,
    session: SessionDep,
    tenant: TenantDep,
    response: Response,
    if_match: IfMatchDep,
) -> schemas.SpoorRead:
    spoor = await service.update_spoor(session, tenant, spoorId, data, if_match)
    _tagged(response, spoor)
    return await service.spoor_read(session, spoor)


@router.get(
    "/sporen/{spoorId}/historie",
    response_model=Page[schemas.WijzigingRead],
    tags=["sporen"],
    summary="Every version of a track",
    responses=NOT_FOUND,
)
async def spoor_historie(
    spoorId: uuid.UUID, session: SessionDep, tenant: TenantDep, pager: PagerDep
) -> Page[schemas.WijzigingRead]:
    return pager.of(
        [schemas.WijzigingRead.model_validate(w) for w in await service.history(session, Spoor, tenant, spoorId)]
    )


# --- uitklapmodel ---------------------------------------------------------------------------------------------------


@router.get(
    "/sporen/{spoorId}/interventies",
    response_model=Page[schemas.InterventieRead],
    tags=["uitklapmodel"],
    summary="Interventions of a track",
    responses=NOT_FOUND,
)
async def list_interventies(
    spoorId: uuid.UUID, session: SessionDep, tenant: TenantDep, pager: PagerDep
) -> Page[schemas.InterventieRead]:
    spoor = await service.get_or_raise(session, Spoor, tenant, spoorId)
    return pager.of(
        [schemas.InterventieRead.model_validate(i) for i in await service.list_interventies(session, spoor)]
    )


@router.post(
    "/sporen/{spoorId}/interventies",
    response_model=schemas.InterventieRead,
    status_code=status.HTTP_201_CREATED,
    tags=["uitklapmodel"],
    summary="Add an intervention to a track",
    responses=NOT_FOUND,
)
async def create_interventie(
    spoorId: uuid.UUID, data: schemas.InterventieCreate, session: SessionDep, tenant: TenantDep, response: Response
) -> schemas.InterventieRead:
    interventie = await service.create_interventie(session, tenant, spoorId, data)
    _tagged(response, interventie)
    return schemas.InterventieRead.model_validate(interventie)


@router.get(
    "/interventies/{interventieId}",
    response_model=schemas.InterventieRead,
    tags=["uitklapmodel"],
    summary="Read an intervention",
    responses=NOT_FOUND,
)
async def get_interventie(
    interventieId: uuid.UUID, session: SessionDep, tenant: TenantDep, response: Response
) -> schemas.InterventieRead:
    interventie = await service.get_or_raise(session, Interventie, tenant, interventieId)
    _tagged(response, interventie)
    return schemas.InterventieRead.model_validate(interventie)


@router.patch(
    "/interventies/{interventieId}",
    response_model=schemas.InterventieRead,
    tags=["uitklapmodel"],
    summary="Change an intervention",
    responses=UPDATE,
)
async def update_interventie(
    interventieId: uuid.UUID,
    data: schemas.InterventieUpdate,
    session: SessionDep,
    tenant: TenantDep,
    response: Response,
    if_match: IfMatchDep,
) -> schemas.InterventieRead:
    interventie = await service.update_interventie(session, tenant, interventieId, data, if_match)
    _tagged(response, interventie)
    return schemas.InterventieRead.model_validate(interventie)


@router.get(
    "/interventies/{interventieId}/resultaatafspraken",
    response_model=Page[schemas.ResultaatafspraakRead],
    tags=["uitklapmodel"],
    summary="Result agreements of an intervention",
    responses=NOT_FOUND,
)
async def list_resultaatafspraken(
    interventieId: uuid.UUID, session: SessionDep, tenant: TenantDep, pager: PagerDep
) -> Page[schemas.ResultaatafspraakRead]:
    rows = await service.list_resultaatafspraken(session, tenant, interventieId)
    return pager.of([schemas.ResultaatafspraakRead.model_validate(r) for r in rows])


@router.post(
    "/interventies/{interventieId}/resultaatafspraken",
    response_model=schemas.ResultaatafspraakRead,
    status_code=status.HTTP_201_CREATED,
    tags=["uitklapmodel"],
    summary="Record a result agreement with a partner",
    responses=NOT_FOUND,
)
async def create_resultaatafspraak(
    interventieId: uuid.UUID,
    data: schemas.ResultaatafspraakCreate,
    session: SessionDep,
    tenant: TenantDep,
    response: Response,
) -> schemas.ResultaatafspraakRead:
    afspraak = await service.create_resultaatafspraak(session, tenant, interventieId, data)
    _tagged(response, afspraak)
    return schemas.ResultaatafspraakRead.model_validate(afspraak)


@router.patch(
    "/resultaatafspraken/{resultaatafspraakId}",
    response_model=schemas.ResultaatafspraakRead,
    tags=["uitklapmodel"],
    summary="Change a result agreement",
    responses=UPDATE,
)
async def update_resultaatafspraak(
    resultaatafspraakId: uuid.UUID,
    data: schemas.ResultaatafspraakUpdate,
    session: SessionDep,
    tenant: TenantDep,
    response: Response,
    if_match: IfMatchDep,
) -> schemas.ResultaatafspraakRead:
    afspraak = await service.update_resultaatafspraak(session, tenant, resultaatafspraakId, data, if_match)
    _tagged(response, afspraak)
    return schemas.ResultaatafspraakRead.model_validate(afspraak)


# --- voortgang ------------------------------------------------------------------------------------------------------


@router.get(
    "/sporen/{spoorId}/voortgang",
    response_model=Page[schemas.VoortgangRead],
    tags=["voortgang"],
    summary="Progress of a track per half year",
    responses=NOT_FOUND,
)
async def list_voortgang(
    spoorId: uuid.UUID, session: SessionDep, tenant: TenantDep, pager: PagerDep
) -> Page[schemas.VoortgangRead]:
    spoor = await service.get_or_raise(session, Spoor, tenant, spoorId)
    return pager.of([schemas.VoortgangRead.model_validate(v) for v in await service.list_voortgang(session, spoor)])


@router.post(
    "/sporen/{spoorId}/voortgang",
    response_model=schemas.VoortgangRead,
    status_code=status.HTTP_201_CREATED,
    tags=["voortgang"],
    summary="Record a track's progress for a half year",
    responses={**NOT_FOUND, **CONFLICT},
)
async def create_voortgang(
    spoorId: uuid.UUID, data: schemas.VoortgangCreate, session: SessionDep, tenant: TenantDep, response: Response
) -> schemas.VoortgangRead:
    voortgang = await service.create_voortgang(session, tenant, spoorId, data)
    _tagged(response, voortgang)
    return schemas.VoortgangRead.model_validate(voortgang)


@router.patch(
    "/voortgang/{voortgangId}",
    response_model=schemas.VoortgangRead,
    tags=["voortgang"],
    summary="Change a progress record",
    responses=UPDATE,
)
async def update_voortgang(
    voortgangId: uuid.UUID,
    data: schemas.VoortgangUpdate,
    session: SessionDep,
    tenant: TenantDep,
    response: Response,
    if_match: IfMatchDep,
) -> schemas.VoortgangRead:
    voortgang = await service.update_voortgang(session, tenant, voortgangId, data, if_match)
    _tagged(response, voortgang)
    return schemas.VoortgangRead.model_validate(voortgang)


# --- rapportteksten -------------------------------------------------------------------------------------------------


@router.get(
    "/rapportteksten",
    response_model=Page[schemas.RapporttekstRead],
    tags=["rapportage"],
    summary="The report's chapters written by staff (of one half year with `periode`)",
    dependencies=DRAFT,
)
async def list_rapportteksten(
    session: SessionDep,
    tenant: TenantDep,
    pager: PagerDep,
    periode: Annotated[str | None, Query(pattern=r"^\d{4}S[12]$", description="Half year, e.g. `2020S2`.")] = None,
) -> Page[schemas.RapporttekstRead]:
    rows = await service.list_rapportteksten(session, tenant, periode)
    return pager.of([schemas.RapporttekstRead.model_validate(t) for t in rows])


@router.post(
    "/rapportteksten",
    response_model=schemas.RapporttekstRead,
    status_code=status.HTTP_201_CREATED,
    tags=["rapportage"],
    summary="Write a chapter of a half year's report (one per chapter and half year)",
    responses=CONFLICT,
)
async def create_rapporttekst(
    data: schemas.RapporttekstCreate, session: SessionDep, tenant: TenantDep, response: Response
) -> schemas.RapporttekstRead:
    tekst = await service.create_rapporttekst(session, tenant, data)
    _tagged(response, tekst)
    return schemas.RapporttekstRead.model_validate(tekst)


@router.get(
    "/rapportteksten/{rapporttekstId}",
    response_model=schemas.RapporttekstRead,
    tags=["rapportage"],
    summary="A chapter of a half year's report",
    responses=NOT_FOUND,
    dependencies=DRAFT,
)
async def get_rapporttekst(
    rapporttekstId: uuid.UUID, session: SessionDep, tenant: TenantDep, response: Response
) -> schemas.RapporttekstRead:
    tekst = await service.get_or_raise(session, Rapporttekst, tenant, rapporttekstId)
    _tagged(response, tekst)
    return schemas.RapporttekstRead.model_validate(tekst)


@router.patch(
    "/rapportteksten/{rapporttekstId}",
    response_model=schemas.RapporttekstRead,
    tags=["rapportage"],
    summary="Change a chapter of a half year's report",
    responses=UPDATE,
)
async def update_rapporttekst(
    rapporttekstId: uuid.UUID,
    data: schemas.RapporttekstUpdate,
    session: SessionDep,
    tenant: TenantDep,
    response: Response,
    if_match: IfMatchDep,
) -> schemas.RapporttekstRead:
    tekst = await service.update_rapporttekst(session, tenant, rapporttekstId, data, if_match)
    _tagged(response, tekst)
    return schemas.RapporttekstRead.model_validate(tekst)


@router.get(
    "/rapportteksten/{rapporttekstId}/historie",
    response_model=Page[schemas.WijzigingRead],
    tags=["rapportage"],
    summary="Every version of a chapter",
    responses=NOT_FOUND,
    dependencies=DRAFT,
)
async def rapporttekst_historie(
    rapporttekstId: uuid.UUID, session: SessionDep, tenant: TenantDep, pager: PagerDep
) -> Page[schemas.WijzigingRead]:
    rows = await service.history(session, Rapporttekst, tenant, rapporttekstId)
    return pager.of([schemas.WijzigingRead.model_validate(w) for w in rows])


# --- risico's -------------------------------------------------------------------------------------------------------


@router.get("/risicos", response_model=Page[schemas.RisicoRead], tags=["risicos"], summary="The risk register")
async def list_risicos(
    request: Request,
    session: SessionDep,
    tenant: TenantDep,
    params: Params,
    spoorId: uuid.UUID | None = None,
    weging: Annotated[schemas.Weging | None, Query(description="Weight of the latest assessment.")] = None,
) -> Page[schemas.RisicoRead]:
    count, rows = await service.list_risicos(session, tenant, params, spoor_id=spoorId, weging=weging)
    return build_page(request, params, count, await service.risico_reads(session, rows))


@router.post(
    "/sporen/{spoorId}/risicos",
    response_model=schemas.RisicoRead,
    status_code=status.HTTP_201_CREATED,
    tags=["risicos"],
    summary="Add a risk to a track's profile",
    responses=NOT_FOUND,
)
async def create_risico(
    spoorId: uuid.UUID, data: schemas.RisicoCreate, session: SessionDep, tenant: TenantDep, response: Response
) -> schemas.RisicoRead:
    risico = await service.create_risico(session, tenant, spoorId, data)
    _tagged(response, risico)
    return (await service.risico_reads(session, [risico]))[0]


@router.get(
    "/risicos/{risicoId}",
    response_model=schemas.RisicoRead,
    tags=["risicos"],
    summary="Read a risk",
    responses=NOT_FOUND,
)
async def get_risico(
    risicoId: uuid.UUID, session: SessionDep, tenant: TenantDep, response: Response
) -> schemas.RisicoRead:
    risico = await service.get_or_raise(session, Risico, tenant, risicoId)
    _tagged(response, risico)
    return (await service.risico_reads(session, [risico]))[0]


@router.post(
    "/risicos/{risicoId}/revisies",
    response_model=schemas.RisicoRead,
    status_code=status.HTTP_201_CREATED,
    tags=["risicos"],
    summary="Assess a risk anew (the earlier assessments are kept)",
    responses=UPDATE,
)
async def revise_risico(
    risicoId: uuid.UUID,
    data: schemas.RisicoRevisieCreate,
    session: SessionDep,
    tenant: TenantDep,
    response: Response,
    if_match: IfMatchDep,
) -> schemas.RisicoRead:
    risico = await service.revise_risico(session, tenant, risicoId, data, if_match)
    _tagged(response, risico)
    return (await service.risico_reads(session, [risico]))[0]


@router.get(
    "/risicos/{risicoId}/revisies",
    response_model=Page[schemas.RisicoRevisieRead],
    tags=["risicos"],
    summary="History of a risk: every assessment, oldest first",
    responses=NOT_FOUND,
)
async def risico_revisies(
    risicoId: uuid.UUID, session: SessionDep, tenant: TenantDep, pager: PagerDep
) -> Page[schemas.RisicoRevisieRead]:
    risico = await service.get_or_raise(session, Risico, tenant, risicoId)
    return pager.of(
        [schemas.RisicoRevisieRead.model_validate(r) for r in await service.revisies(session, [risico.id], False)]
    )


# --- bewegingen, ambities, aandachtsgroepen, opgaven -------------------------------------------------------------


@router.get("/bewegingen", response_model=Page[schemas.BewegingRead], tags=["agenda"], summary="The movements")
async def list_bewegingen(
    request: Request, session: SessionDep, tenant: TenantDep, params: Params
) -> Page[schemas.BewegingRead]:
    count, rows = await service.list_of(session, Beweging, tenant, params, Beweging.code)
    return build_page(request, params, count, [schemas.BewegingRead.model_validate(r) for r in rows])


@router.post(
    "/bewegingen",
    response_model=schemas.BewegingRead,
    status_code=status.HTTP_201_CREATED,
    tags=["agenda"],
    summary="Add a movement",
    responses=CONFLICT,
)
async def create_beweging(
    data: schemas.BewegingCreate, session: SessionDep, tenant: TenantDep, response: Response
) -> schemas.BewegingRead:
    beweging = await service.create_beweging(session, tenant, data)
    _tagged(response, beweging)
    return schemas.BewegingRead.model_validate(beweging)


@router.get(
    "/bewegingen/{bewegingId}",
    response_model=schemas.BewegingRead,
    tags=["agenda"],
    summary="Read a movement",
    responses=NOT_FOUND,
)
async def get_beweging(
    bewegingId: uuid.UUID, session: SessionDep, tenant: TenantDep, response: Response
) -> schemas.BewegingRead:
    beweging = await service.get_or_raise(session, Beweging, tenant, bewegingId)
    _tagged(response, beweging)
    return schemas.BewegingRead.model_validate(beweging)


@router.patch(
    "/bewegingen/{bewegingId}",
    response_model=schemas.BewegingRead,
    tags=["agenda"],
    summary="Change a movement",
    responses=UPDATE,
)
async def update_beweging(
    bewegingId: uuid.UUID,
    data: schemas.BewegingUpdate,
    session: SessionDep,
    tenant: TenantDep,
    response: Response,
    if_match: IfMatchDep,
) -> schemas.BewegingRead:
    beweging = await service.update_beweging(session, tenant, bewegingId, data, if_match)
    _tagged(response, beweging)
    return schemas.BewegingRead.model_validate(beweging)


@router.get("/ambities", response_model=Page[schemas.AmbitieRead], tags=["agenda"], summary="The ambitions")
async def list_ambities(
    request: Request, session: SessionDep, tenant: TenantDep, params: Params
) -> Page[schemas.AmbitieRead]:
    count, rows = await service.list_of(session, Ambitie, tenant, params, Ambitie.nummer)
    return build_page(request, params, count, [schemas.AmbitieRead.model_validate(r) for r in rows])


@router.post(
    "/ambities",
    response_model=schemas.AmbitieRead,
    status_code=status.HTTP_201_CREATED,
    tags=["agenda"],
    summary="Add an ambition",
    responses=CONFLICT,
)
async def create_ambitie(
    data: schemas.AmbitieCreate, session: SessionDep, tenant: TenantDep, response: Response
) -> schemas.AmbitieRead:
    ambitie = await service.create_ambitie(session, tenant, data)
    _tagged(response, ambitie)
    return schemas.AmbitieRead.model_validate(ambitie)


@router.get(
    "/ambities/{ambitieId}",
    response_model=schemas.AmbitieRead,
    tags=["agenda"],
    summary="Read an ambition",
    responses=NOT_FOUND,
)
async def get_ambitie(
    ambitieId: uuid.UUID, session: SessionDep, tenant: TenantDep, response: Response
) -> schemas.AmbitieRead:
    ambitie = await service.get_or_raise(session, Ambitie, tenant, ambitieId)
    _tagged(response, ambitie)
    return schemas.AmbitieRead.model_validate(ambitie)


@router.patch(
    "/ambities/{ambitieId}",
    response_model=schemas.AmbitieRead,
    tags=["agenda"],
    summary="Change an ambition",
    responses=UPDATE,
)
async def update_ambitie(
    ambitieId: uuid.UUID,
    data: schemas.AmbitieUpdate,
    session: SessionDep,
    tenant: TenantDep,
    response: Response,
    if_match: IfMatchDep,
) -> schemas.AmbitieRead:
    ambitie = await service.update_ambitie(session, tenant, ambitieId, data, if_match)
    _tagged(response, ambitie)
    return schemas.AmbitieRead.model_validate(ambitie)


@router.get(
    "/ambities/{ambitieId}/historie",
    response_model=Page[schemas.WijzigingRead],
    tags=["agenda"],
    summary="Every version of an ambition",
    responses=NOT_FOUND,
)
async def ambitie_historie(
    ambitieId: uuid.UUID, session: SessionDep, tenant: TenantDep, pager: PagerDep
) -> Page[schemas.WijzigingRead]:
    return pager.of(
        [schemas.WijzigingRead.model_validate(w) for w in await service.history(session, Ambitie, tenant, ambitieId)]
    )


@router.get(
    "/aandachtsgroepen", response_model=Page[schemas.AandachtsgroepRead], tags=["agenda"], summary="Attention groups"
)
async def list_aandachtsgroepen(
    request: Request, session: SessionDep, tenant: TenantDep, params: Params
) -> Page[schemas.AandachtsgroepRead]:
    count, rows = await service.list_of(session, Aandachtsgroep, tenant, params, Aandachtsgroep.volgorde)
    return build_page(request, params, count, [schemas.AandachtsgroepRead.model_validate(r) for r in rows])


@router.post(
    "/aandachtsgroepen",
    response_model=schemas.AandachtsgroepRead,
    status_code=status.HTTP_201_CREATED,
    tags=["agenda"],
    summary="Add an attention group",
    responses=CONFLICT,
)
async def create_aandachtsgroep(
    data: schemas.AandachtsgroepCreate, session: SessionDep, tenant: TenantDep, response: Response
) -> schemas.AandachtsgroepRead:
    groep = await service.create_aandachtsgroep(session, tenant, data)
    _tagged(response, groep)
    return schemas.AandachtsgroepRead.model_validate(groep)


@router.get(
    "/opgaven", response_model=Page[schemas.OpgaveRead], tags=["agenda"], summary="City and neighbourhood tasks"
)
async def list_opgaven(
    request: Request,
    session: SessionDep,
    tenant: TenantDep,
    params: Params,
    jaar: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    soort: Literal["stad", "wijk", "stad-en-wijk"] | None = None,
) -> Page[schemas.OpgaveRead]:
    filters = [
        f for f in (Opgave.jaar == jaar if jaar else None, Opgave.soort == soort if soort else None) if f is not None
    ]
    count, rows = await service.list_of(session, Opgave, tenant, params, Opgave.naam, *filters)
    return build_page(request, params, count, [schemas.OpgaveRead.model_validate(r) for r in rows])


@router.post(
    "/opgaven",
    response_model=schemas.OpgaveRead,
    status_code=status.HTTP_201_CREATED,
    tags=["agenda"],
    summary="Add a city or neighbourhood task",
    responses=CONFLICT,
)
async def create_opgave(
    data: schemas.OpgaveCreate, session: SessionDep, tenant: TenantDep, response: Response
) -> schemas.OpgaveRead:
    opgave = await service.create_opgave(session, tenant, data)
    _tagged(response, opgave)
    return schemas.OpgaveRead.model_validate(opgave)


# --- the half-year report -------------------------------------------------------------------------------------------

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


def _rendered(
    report: schemas.Halfjaarrapportage, formaat: str, frozen: bool = False
) -> Response | schemas.Halfjaarrapportage:
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
    response_model=schemas.Halfjaarrapportage,
    tags=["rapportage"],
    summary="The half-year report as it is now, a draft (JSON, HTML or PDF; staff only)",
    responses={**NOT_FOUND, **REPORT_FORMATS},
    dependencies=DRAFT,
)
async def get_halfjaarrapportage(
    periode: HalfjaarPath, session: SessionDep, tenant: TenantDep, formaat: Formaat = "json"
) -> Response | schemas.Halfjaarrapportage:
    return _rendered(await rapport_build.build(session, tenant, periode), formaat)


@router.post(
    "/rapportages/halfjaar/{periode}/publicaties",
    response_model=schemas.PublicatieRead,
    status_code=status.HTTP_201_CREATED,
    tags=["rapportage"],
    summary="Publish (freeze) the report with the data version it was built from; unchanged data: the same one",
    responses=NOT_FOUND,
)
async def publish_halfjaarrapportage(
    periode: HalfjaarPath, session: SessionDep, tenant: TenantDep
) -> schemas.PublicatieRead:
    return schemas.PublicatieRead.model_validate(await rapport_build.publish(session, tenant, periode))


@router.get(
    "/rapportages/halfjaar/{periode}/publicaties",
    response_model=Page[schemas.PublicatieRead],
    tags=["rapportage"],
    summary="The published versions of a half year's report",
)
async def list_publicaties(
    periode: HalfjaarPath, session: SessionDep, tenant: TenantDep, pager: PagerDep
) -> Page[schemas.PublicatieRead]:
    return pager.of(
        [schemas.PublicatieRead.model_validate(r) for r in await rapport_build.publications(session, tenant, periode)]
    )


@router.get(
    "/rapportages/publicaties/{publicatieId}",
    response_model=schemas.Halfjaarrapportage,
    tags=["rapportage"],
    summary="A published report exactly as frozen (JSON, HTML or PDF)",
    responses={**NOT_FOUND, **REPORT_FORMATS},
)
async def get_publicatie(
    publicatieId: uuid.UUID, session: SessionDep, tenant: TenantDep, formaat: Formaat = "json"
) -> Response | schemas.Halfjaarrapportage:
    return _rendered(await rapport_build.published(session, tenant, publicatieId), formaat, frozen=True)
