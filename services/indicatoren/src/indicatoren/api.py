"""HTTP routes of the indicatoren service, under /api/v1/indicatoren."""

from __future__ import annotations

import codecs
import re
import uuid
from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

from fastapi import Depends, Path, Query, Request, status
from stuurcyclus_common.auth import ALL_ROLES, POLICY_STAFF
from stuurcyclus_common.errors import InvalidInput, Problem
from stuurcyclus_common.http import DatabaseDep, SessionDep, TenantDep, service_router
from stuurcyclus_common.identity import CallerDep
from stuurcyclus_common.pagination import Page, PageParams, PagerDep, build_page, page_params
from stuurcyclus_common.readmodel import SpoorReferentieRead, add_reference_list
from stuurcyclus_common.responses import NOT_FOUND, problem

from . import catalogus, gebieden, indices, ingest, reads, schemas, service
from .models import SpoorReferentie

# Everyone may read indicators and measurements; policy staff change them (partners deliver theirs by report).
router = service_router(read=ALL_ROLES, write=POLICY_STAFF)
add_reference_list(router, "/sporen", SpoorReferentie, SpoorReferentieRead, SpoorReferentie.nummer, "Tracks known here")
INVALID_ROWS = problem(422, "Bad rows (each named by line); nothing was written.")
IndicatorCode = Annotated[str, Path(pattern=r"^[\w.\-]{1,60}$", description="Code of the indicator.")]
Periode = Annotated[str | None, Query(pattern=r"^\d{4}(S[12]|Q[1-4]|0[1-9]|1[0-2])?$", description="e.g. 2024Q3")]


@router.get(
    "/sporen/{spoorId}",
    response_model=SpoorReferentieRead,
    tags=["indicatoren"],
    summary="One track as known to indicatoren",
    responses=NOT_FOUND,
)
async def get_spoor(spoorId: uuid.UUID, session: SessionDep, tenant: TenantDep) -> SpoorReferentieRead:
    return SpoorReferentieRead.model_validate(
        await service.get_spoor_or_raise(session=session, tenant=tenant, spoor_id=spoorId)
    )


@router.get("/indicatoren", response_model=Page[schemas.IndicatorRead], tags=["indicatoren"])
async def list_indicatoren(
    request: Request,
    session: SessionDep,
    tenant: TenantDep,
    params: Annotated[PageParams, Depends(page_params)],
    spoor: Annotated[int | None, Query(ge=1, le=99)] = None,
    dimensie: Literal["financien", "kwantiteit", "kwaliteit"] | None = None,
) -> Page[schemas.IndicatorRead]:
    """Indicator definitions, by track and code."""
    count, rows = await service.list_indicators(session, tenant, params, spoor=spoor, dimensie=dimensie)
    return build_page(request, params, count, [schemas.IndicatorRead.model_validate(r) for r in rows])


@router.post(
    "/indicatoren",
    response_model=schemas.IndicatorRead,
    status_code=status.HTTP_201_CREATED,
    tags=["indicatoren"],
    responses={409: {"model": Problem, "description": "The code is taken."}},
)
async def create_indicator(
    data: schemas.IndicatorCreate, session: SessionDep, tenant: TenantDep
) -> schemas.IndicatorRead:
    """Define an indicator: what is measured, for which track and level, and which way it should move."""
    indicator = await service.create_indicator(session, tenant, data)
    await service.announce_definitions(session, tenant, [indicator])
    return schemas.IndicatorRead.model_validate(indicator)


@router.get("/indicatoren/{code}", response_model=schemas.IndicatorRead, tags=["indicatoren"], responses=NOT_FOUND)
async def get_indicator(code: IndicatorCode, session: SessionDep, tenant: TenantDep) -> schemas.IndicatorRead:
    """One indicator definition."""
    return schemas.IndicatorRead.model_validate(await service.get_indicator(session, tenant, code))


@router.get(
    "/indicatoren/{code}/metingen",
    response_model=Page[schemas.MetingRead] | schemas.Tabel,
    tags=["metingen"],
    responses=NOT_FOUND,
)
async def list_metingen(
    code: IndicatorCode,
    database: DatabaseDep,
    tenant: TenantDep,
    pager: PagerDep,
    caller: CallerDep,
    gebied: Annotated[str | None, Query(pattern=r"^(GM\d{4}|WK\d{6}|BU\d{8})$")] = None,
    van: Periode = None,
    tot: Periode = None,
    alleVersies: bool = False,
    formaat: Annotated[
        Literal["objecten", "tabel"], Query(description="`tabel`: headers + rows (every row, not paged).")
    ] = "objecten",
) -> Page[schemas.MetingRead] | schemas.Tabel:
    """An indicator's series: current values by area and period (or every version, corrections included)."""
    filters: dict[str, Any] = {
        "gebied": gebied,
        "van": service.period_start("van", van) if van else None,
        "tot": service.period_start("tot", tot) if tot else None,
        "alle_versies": alleVersies,
    }
    if formaat == "tabel":
        return service.as_table((await reads.series(database, tenant, code, caller, **filters))[1])
    page = (pager.params.page_size, pager.params.offset)
    count, rows = await reads.series(database, tenant, code, caller, **filters, page=page)
    return build_page(pager.request, pager.params, count, rows)


Gebied = Annotated[
    str | None,
    Query(pattern=r"^(GM\d{4}|WK\d{6}|BU\d{8})$", description="CBS area code (default: the municipality)."),
]


@router.get("/indicatoren/{code}/koers", response_model=schemas.KoersRead, tags=["koers"], responses=NOT_FOUND)
async def koers(
    code: IndicatorCode, session: SessionDep, tenant: TenantDep, caller: CallerDep, gebied: Gebied = None
) -> schemas.KoersRead:
    """Does the series move the expected way? On course, off course, or not enough data, with the figures."""
    indicator = await service.get_indicator(session, tenant, code)
    return (await service.courses(session, tenant, [indicator], gebied or tenant, caller))[0]


@router.get("/koersoverzicht", response_model=schemas.KoersOverzicht, tags=["koers"])
async def koersoverzicht(
    session: SessionDep,
    tenant: TenantDep,
    caller: CallerDep,
    spoor: Annotated[int, Query(ge=1, le=99, description="Track number.")],
    gebied: Gebied = None,
) -> schemas.KoersOverzicht:
    """A track's indicators and their course in one area (municipality, wijk or buurt), with a count per status."""
    return await service.track_overview(session, tenant, spoor, gebied or tenant, caller)


@router.get(
    "/indicatoren/{code}/aggregaat",
    response_model=Page[schemas.AggregaatRead],
    tags=["metingen"],
    responses={**NOT_FOUND, 422: {"model": Problem, "description": "The indicator does not aggregate."}},
)
async def aggregaat(
    code: IndicatorCode,
    session: SessionDep,
    tenant: TenantDep,
    pager: PagerDep,
    caller: CallerDep,
    periode: Annotated[str, Query(pattern=r"^\d{4}(S[12]|Q[1-4]|0[1-9]|1[0-2])?$", description="e.g. 2021")],
    niveau: Literal["wijk", "gemeente"] = "wijk",
) -> Page[schemas.AggregaatRead]:
    """Buurt values added up to wijken or the municipality (sum, or weighted by the denominator)."""
    indicator = await service.get_indicator(session, tenant, code)
    return pager.of(await service.aggregate(session, tenant, indicator, periode, niveau, caller))


@router.get(
    "/indicatoren/{code}/streefwaarden",
    response_model=Page[schemas.StreefwaardeRead],
    tags=["indicatoren"],
    responses=NOT_FOUND,
)
async def list_streefwaarden(
    code: IndicatorCode, session: SessionDep, tenant: TenantDep, pager: PagerDep
) -> Page[schemas.StreefwaardeRead]:
    """An indicator's targets per year and area."""
    indicator = await service.get_indicator(session, tenant, code)
    return pager.of([schemas.StreefwaardeRead.model_validate(t) for t in await service.targets(session, indicator)])


@router.put(
    "/indicatoren/{code}/streefwaarden/{jaar}/{gebied}",
    response_model=list[schemas.StreefwaardeRead],
    tags=["indicatoren"],
    responses=NOT_FOUND,
)
async def set_streefwaarde(
    code: IndicatorCode,
    jaar: Annotated[int, Path(ge=1900, le=2100)],
    gebied: Annotated[str, Path(pattern=r"^(GM\d{4}|WK\d{6}|BU\d{8})$")],
    data: schemas.StreefwaardeSet,
    session: SessionDep,
    tenant: TenantDep,
) -> list[schemas.StreefwaardeRead]:
    """Set (or replace) the target of an indicator for a year in an area."""
    indicator = await service.get_indicator(session, tenant, code)
    await service.set_target(session, tenant, indicator, jaar, gebied, data.waarde)
    return [schemas.StreefwaardeRead.model_validate(t) for t in await service.targets(session, indicator)]


@router.get("/waarnemingen", response_model=Page[schemas.WaarnemingRead], tags=["waarnemingen"])
async def list_waarnemingen(
    session: SessionDep,
    tenant: TenantDep,
    pager: PagerDep,
    caller: CallerDep,
    spoor: Annotated[int | None, Query(ge=1, le=99)] = None,
    indicator: Annotated[str | None, Query(pattern=r"^[\w.\-]{1,60}$")] = None,
) -> Page[schemas.WaarnemingRead]:
    """Qualitative observations (reflexive monitoring), oldest first."""
    return pager.of(await service.observations(session, tenant, spoor=spoor, indicator=indicator, caller=caller))


@router.post(
    "/waarnemingen",
    response_model=schemas.WaarnemingRead,
    status_code=status.HTTP_201_CREATED,
    tags=["waarnemingen"],
    responses={**NOT_FOUND, 422: {"model": Problem, "description": "About neither a track nor an indicator."}},
)
async def add_waarneming(
    data: schemas.WaarnemingCreate, session: SessionDep, tenant: TenantDep
) -> schemas.WaarnemingRead:
    """Record an observation from a table session, a partner or a residents' panel."""
    return await service.add_observation(session, tenant, data)


IndexCode = Annotated[str, Path(pattern=r"^[\w.\-]{1,60}$", description="Code of the index.")]


@router.post(
    "/indices",
    response_model=schemas.IndexRead,
    status_code=status.HTTP_201_CREATED,
    tags=["indices"],
    responses={409: {"model": Problem, "description": "Exists."}, 422: INVALID_ROWS[422]},
)
async def create_index(data: schemas.IndexCreate, session: SessionDep, tenant: TenantDep) -> schemas.IndexRead:
    """Define a composite index (version 1)."""
    definition = await indices.define(session, tenant, data.code, data.naam, data.componenten, new=True)
    return schemas.IndexRead.model_validate(definition)


@router.put("/indices/{code}", response_model=schemas.IndexRead, tags=["indices"], responses=NOT_FOUND)
async def update_index(
    code: IndexCode, data: schemas.IndexUpdate, session: SessionDep, tenant: TenantDep
) -> schemas.IndexRead:
    """Change an index: a new version; the earlier ones stay."""
    definition = await indices.define(session, tenant, code, data.naam, data.componenten, new=False)
    return schemas.IndexRead.model_validate(definition)


@router.get("/indices/{code}/versies", response_model=Page[schemas.IndexRead], tags=["indices"], responses=NOT_FOUND)
async def index_versies(
    code: IndexCode, session: SessionDep, tenant: TenantDep, pager: PagerDep
) -> Page[schemas.IndexRead]:
    """Every version of an index definition."""
    return pager.of([schemas.IndexRead.model_validate(d) for d in await indices.versions(session, tenant, code)])


@router.get("/indices/{code}/waarden", response_model=schemas.IndexUitkomst, tags=["indices"], responses=NOT_FOUND)
async def index_waarden(
    code: IndexCode,
    session: SessionDep,
    tenant: TenantDep,
    caller: CallerDep,
    periode: Annotated[str, Query(pattern=r"^\d{4}(S[12]|Q[1-4]|0[1-9]|1[0-2])?$")],
    niveau: Literal["buurt", "wijk"] = "buurt",
    versie: Annotated[int | None, Query(ge=1)] = None,
    gewogenDoor: Annotated[
        str | None,
        Query(pattern=r"^[\w.\-]{1,60}$", description="`niveau=wijk`: from buurt values weighted by this indicator."),
    ] = None,
) -> schemas.IndexUitkomst:
    """The index per area for a period (with `versie`, by an earlier definition): 0–100 and the raw value."""
    definition = await indices.latest(session, tenant, code, versie)
    return await indices.compute(session, tenant, definition, periode, niveau, caller, gewogenDoor)


@router.post(
    "/catalogus",
    response_model=schemas.CatalogusResult,
    tags=["indicatoren"],
    responses={422: {"model": Problem, "description": "A bad row (named by line); nothing was imported."}},
    openapi_extra={"requestBody": {"required": True, "content": {"text/csv": {"schema": {"type": "string"}}}}},
)
async def import_catalogus(request: Request, session: SessionDep, tenant: TenantDep) -> schemas.CatalogusResult:
    """Import the municipality's own indicator catalogue (the neighbourhood monitor's `variabelen.csv`)."""
    body = await request.body()
    if len(body) > 20 * 2**20:
        raise InvalidInput.field("body", "a catalogue is at most 20 MiB", "too_large")
    try:
        content = body.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput.field("body", "is not UTF-8 text", "encoding") from None
    return await catalogus.import_catalogue(session, tenant, content)


@router.post(
    "/metingen",
    response_model=schemas.IngestResult,
    response_model_exclude_none=True,
    tags=["metingen"],
    responses=INVALID_ROWS,
)
async def record_metingen(
    data: Annotated[list[schemas.MetingCreate], ...], session: SessionDep, tenant: TenantDep
) -> schemas.IngestResult:
    """Record measurements given as JSON objects; a different value for a known (indicator, period, area) is a
    correction (a new version), the same value again writes nothing."""
    if not data:
        raise InvalidInput.field("body", "give at least one measurement", "too_short")
    return await ingest.record(session, tenant, data)


@router.post(
    "/metingen/bulk",
    response_model=schemas.IngestResult,
    response_model_exclude_none=True,
    tags=["metingen"],
    responses=INVALID_ROWS,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "application/x-ndjson": {"schema": {"type": "string"}},
            },
        }
    },
)
async def bulk_metingen(
    request: Request,
    session: SessionDep,
    tenant: TenantDep,
    herkomst: Literal["gemeente", "cbs", "partner"] = "gemeente",
    leverancier: Annotated[str | None, Query(max_length=200)] = None,
    vorm: Annotated[
        Literal["lang", "breed"],
        Query(
            description="`lang`: a row per value; `breed`: a monitor's export, a row per area, a column per indicator."
        ),
    ] = "lang",
    periode: Annotated[
        str | None, Query(max_length=7, description="`breed`: the period of every value, e.g. 2021.")
    ] = None,
    gebiedKolom: Annotated[
        str, Query(max_length=100, description="`breed`: the column with the area (local key or CBS code).")
    ] = "gebied",
    gebiedCode: Annotated[
        str | None,
        Query(
            max_length=40,
            description="`breed`: how a local key becomes a CBS code, e.g. `BU0193{sleutel:3}0`; "
            "default: the register's local keys.",
        ),
    ] = None,
) -> schemas.IngestResult:
    """Upload many measurements. Long (`vorm=lang`): CSV `indicator;periode;gebied;waarde[;herkomst;leverancier]`
    (`,` or `;`, decimal commas with `;`) or NDJSON. Wide (`vorm=breed`): a monitor's own export, one row per area,
    one column per indicator code, the period as a parameter. Missing values (`NA`, `.`, in a wide table also empty
    cells) are skipped and counted. Streamed, every row checked, all bad rows named at once, written all or nothing."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip()
    formats = {"text/csv": "csv", "application/x-ndjson": "ndjson", "application/jsonl": "ndjson"}
    if content_type not in formats:
        raise InvalidInput.field("header.Content-Type", "use text/csv or application/x-ndjson", "unsupported")
    if vorm == "breed":
        if formats[content_type] != "csv":
            raise InvalidInput.field("header.Content-Type", "a wide table is text/csv", "unsupported")
        if periode is None:
            raise InvalidInput.field("query.periode", "a wide table has no period: give it", "missing")
        return await ingest.ingest_wide(
            session,
            tenant,
            _lines(request),
            periode=periode,
            kolom=gebiedKolom,
            rule=gebiedCode,
            herkomst=herkomst,
            leverancier=leverancier,
        )
    return await ingest.ingest_lines(
        session, tenant, _lines(request), formats[content_type], herkomst=herkomst, leverancier=leverancier
    )


@router.post(
    "/gebieden",
    response_model=schemas.GebiedenResult,
    tags=["gebieden"],
    responses={422: {"model": Problem, "description": "Bad rows (each named by line); nothing was loaded."}},
    openapi_extra={"requestBody": {"required": True, "content": {"text/csv": {"schema": {"type": "string"}}}}},
)
async def load_gebieden(
    request: Request,
    session: SessionDep,
    tenant: TenantDep,
    jaar: Annotated[int, Query(ge=1990, le=2100, description="The year of the register (CBS's Wijk- en buurtkaart).")],
) -> schemas.GebiedenResult:
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


@router.get("/gebieden", response_model=Page[schemas.GebiedRead], tags=["gebieden"])
async def list_gebieden(
    session: SessionDep,
    tenant: TenantDep,
    pager: PagerDep,
    jaar: Annotated[int | None, Query(ge=1990, le=2100, description="Only areas valid in this year.")] = None,
    soort: Literal["gemeente", "wijk", "buurt"] | None = None,
) -> Page[schemas.GebiedRead]:
    """The register of the municipality's areas."""
    return await pager.query(
        session, await gebieden.areas(session, tenant, jaar, soort), schemas.GebiedRead.model_validate
    )


LINE_END = re.compile(r"\r\n|\r|\n")


async def _lines(request: Request) -> AsyncIterator[str]:
    """The request body as text lines, decoded incrementally (UTF-8, a BOM is dropped). A line ends at `\\r\\n`,
    `\\n` or a bare `\\r` (as old spreadsheet exports write), also when a chunk boundary splits `\\r\\n`."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="strict")
    pending = ""
    async for chunk in request.stream():
        try:
            pending += decoder.decode(chunk)
        except UnicodeDecodeError:
            raise InvalidInput.field("body", "is not UTF-8 text", "encoding") from None
        *complete, pending = LINE_END.split(pending)
        if pending == "" and complete and chunk.endswith(b"\r"):
            complete, pending = complete[:-1], complete[-1] + "\r"  # a `\\r\\n` may go on in the next chunk
        for line in complete:
            yield line
    pending += decoder.decode(b"", final=True)
    for line in LINE_END.split(pending) if pending else []:
        if line:
            yield line
