"""Routes: measurements, one by one or in bulk (CSV as it comes), series and aggregates."""

from __future__ import annotations

import codecs
import re
from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

from fastapi import Query, Request
from stuurcyclus_common.auth import ALL_ROLES, POLICY_STAFF
from stuurcyclus_common.errors import InvalidInput, Problem
from stuurcyclus_common.hotreads import hot_read
from stuurcyclus_common.http import DatabaseDep, SessionDep, TenantDep, service_router
from stuurcyclus_common.identity import CallerDep
from stuurcyclus_common.pagination import Page, PagerDep, build_page
from stuurcyclus_common.responses import NOT_FOUND

from ..shared import service as shared_service
from ..shared.http import INVALID_ROWS, IndicatorCode, PeriodeQuery
from . import ingest, reads, service
from .schemas import AggregaatRead, IngestResult, MetingCreate, MetingRead, Tabel

# Everyone may read indicators and measurements; policy staff change them (partners deliver theirs by report).
router = service_router(read=ALL_ROLES, write=POLICY_STAFF)


@hot_read  # answered in the hot lane (stuurcyclus_common.hotreads)
@router.get(
    "/indicatoren/{code}/metingen",
    response_model=Page[MetingRead] | Tabel,
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
    van: PeriodeQuery = None,
    tot: PeriodeQuery = None,
    alleVersies: bool = False,
    formaat: Annotated[
        Literal["objecten", "tabel"], Query(description="`tabel`: headers + rows (every row, not paged).")
    ] = "objecten",
) -> Page[MetingRead] | Tabel:
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


@router.get(
    "/indicatoren/{code}/aggregaat",
    response_model=Page[AggregaatRead],
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
) -> Page[AggregaatRead]:
    """Buurt values added up to wijken or the municipality (sum, or weighted by the denominator)."""
    indicator = await shared_service.get_indicator(session, tenant, code)
    return pager.of(await service.aggregate(session, tenant, indicator, periode=periode, niveau=niveau, caller=caller))


@router.post(
    "/metingen",
    response_model=IngestResult,
    response_model_exclude_none=True,
    tags=["metingen"],
    responses=INVALID_ROWS,
)
async def record_metingen(
    data: Annotated[list[MetingCreate], ...], session: SessionDep, tenant: TenantDep
) -> IngestResult:
    """Record measurements given as JSON objects; a different value for a known (indicator, period, area) is a
    correction (a new version), the same value again writes nothing."""
    if not data:
        raise InvalidInput.field("body", "give at least one measurement", "too_short")
    return await ingest.record(session, tenant, data)


@router.post(
    "/metingen/bulk",
    response_model=IngestResult,
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
) -> IngestResult:
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
            lines_of(request),
            periode=periode,
            kolom=gebiedKolom,
            rule=gebiedCode,
            herkomst=herkomst,
            leverancier=leverancier,
        )
    return await ingest.ingest_lines(
        session, tenant, lines_of(request), formats[content_type], herkomst=herkomst, leverancier=leverancier
    )


LINE_END = re.compile(r"\r\n|\r|\n")


async def lines_of(request: Request) -> AsyncIterator[str]:
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
