"""Routes: CBS StatLine tables as CBS's download tools write them — described, mapped once, imported in one call."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Query, Request, Response, status
from stuurcyclus_common.auth import ALL_ROLES, POLICY_STAFF
from stuurcyclus_common.errors import InvalidInput, Problem
from stuurcyclus_common.http import SessionDep, TenantDep, service_router
from stuurcyclus_common.pagination import Page, PagerDep
from stuurcyclus_common.responses import NOT_FOUND

from ..shared.http import IndicatorCode
from . import service
from . import tabel as statline
from .schemas import (
    CategorieRead,
    DimensieRead,
    KoppelingBody,
    KoppelingRead,
    OnderwerpRead,
    PeriodeRead,
    StatlineResult,
    TabelBeschrijving,
)

router = service_router(read=ALL_ROLES, write=POLICY_STAFF)

TabelId = Annotated[str, Path(pattern=r"^\d{5}[A-Za-z]{3}$", description="CBS table id, e.g. 83262NED.")]
ZIP_BODY = {
    "requestBody": {
        "required": True,
        "description": "The folder CBS's download tools wrote (data.csv, DataProperties.csv, Perioden.csv, "
        "RegioS.csv and the other code lists), zipped.",
        "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
    }
}
BAD_TABLE: dict[int | str, dict[str, Any]] = {
    422: {"model": Problem, "description": "A mapping the table cannot fill, or bad values (named)."}
}


async def _files(request: Request) -> dict[str, bytes]:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in ("application/zip", "application/x-zip-compressed", "application/octet-stream"):
        raise InvalidInput.field("header.Content-Type", "send the zipped download as application/zip", "unsupported")
    body = await request.body()
    if len(body) > 100 * 2**20:
        raise InvalidInput.field("body", "a zipped table is at most 100 MiB", "too_large")
    try:
        return statline.files_of_zip(body)
    except statline.TabelFout as exc:
        raise InvalidInput.field(exc.veld, exc.reden, "statline") from None


@router.get("/statline/koppelingen", response_model=Page[KoppelingRead], tags=["statline"])
async def list_koppelingen(
    session: SessionDep,
    tenant: TenantDep,
    pager: PagerDep,
    tabel: Annotated[str | None, Query(pattern=r"^\d{5}[A-Za-z]{3}$", description="Only this table's.")] = None,
) -> Page[KoppelingRead]:
    """Which measure of which CBS table fills which indicator."""
    return pager.of(await service.koppelingen(session, tenant, tabel.upper() if tabel else None))


@router.put(
    "/statline/koppelingen/{tabel}/{code}",
    response_model=KoppelingRead,
    tags=["statline"],
    responses={**NOT_FOUND, 201: {"model": KoppelingRead, "description": "A new mapping."}},
)
async def put_koppeling(
    tabel: TabelId, code: IndicatorCode, data: KoppelingBody, session: SessionDep, tenant: TenantDep, response: Response
) -> KoppelingRead:
    """Map a table's measure (and one category of each of its other dimensions) to an indicator, once: every later
    download of the table imports with one call. Checked against the table at each import."""
    koppeling, new = await service.set_koppeling(session, tenant, tabel.upper(), code, data)
    response.status_code = status.HTTP_201_CREATED if new else status.HTTP_200_OK
    return koppeling


@router.delete(
    "/statline/koppelingen/{tabel}/{code}",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["statline"],
    responses=NOT_FOUND,
)
async def delete_koppeling(tabel: TabelId, code: IndicatorCode, session: SessionDep, tenant: TenantDep) -> Response:
    """Stop filling an indicator from the table (its measurements stay)."""
    await service.remove_koppeling(session, tenant, tabel.upper(), code)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/statline/tabellen/{tabel}/beschrijving",
    response_model=TabelBeschrijving,
    tags=["statline"],
    openapi_extra=ZIP_BODY,
)
async def describe_tabel(tabel: TabelId, request: Request, tenant: TenantDep) -> TabelBeschrijving:
    """What a download holds: its measures with unit and definition, the categories of its dimensions, its periods
    with their status, the municipality's regions in it. Nothing is stored: choose a mapping from it."""
    table = service.parse(tabel.upper(), await _files(request))
    return TabelBeschrijving(
        tabel=table.id,
        titel=table.titel,
        onderwerpen=[OnderwerpRead(**vars(o)) for o in table.onderwerpen.values()],
        dimensies=[
            DimensieRead(key=key, categorieen=[CategorieRead(key=k, titel=t) for k, t in categories.items()])
            for key, categories in table.dimensies.items()
        ],
        perioden=[
            PeriodeRead(key=k, periode=statline.periode(k), status=s, voorlopig=statline.voorlopig(s))
            for k, s in table.status.items()
        ],
        eigenRegios=service.own_regions(table, tenant),
    )


@router.post(
    "/statline/tabellen/{tabel}/import",
    response_model=StatlineResult,
    response_model_exclude_none=True,
    tags=["statline"],
    responses=BAD_TABLE,
    openapi_extra=ZIP_BODY,
)
async def import_tabel(tabel: TabelId, request: Request, session: SessionDep, tenant: TenantDep) -> StatlineResult:
    """Import a download of a mapped table: the municipality's own regions and its wijken and buurten, every period
    the platform keeps (year, half year, quarter, month); other rows counted as skipped. Provisional figures are
    marked and replaced when the definitive ones come; the same download again changes nothing."""
    return await service.import_table(session, tenant, tabel.upper(), await _files(request))


@router.post(
    "/statline/tabellen/{tabel}/ophalen",
    response_model=StatlineResult,
    response_model_exclude_none=True,
    tags=["statline"],
    responses={
        **BAD_TABLE,
        409: {"model": Problem, "description": "This platform does not reach CBS: upload the download instead."},
        503: {"model": Problem, "description": "CBS did not answer; `Retry-After` says when to try again."},
    },
)
async def fetch_tabel(tabel: TabelId, session: SessionDep, tenant: TenantDep) -> StatlineResult:
    """Fetch a mapped table from CBS's OData service (where the platform may reach CBS:
    `INDICATOREN_STATLINE_CATALOGUS`) and import it as its download would be: the same mappings, the same rules."""
    return await service.fetch_and_import(session, tenant, tabel.upper())
