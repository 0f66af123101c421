"""An indicator's series as prepared statements (`stuurcyclus_common.reads`): the indicator, then its measurements
with their areas' names, paged in the database (the page and the total in one round trip).

Which filters a request uses picks one of a few statements, each compiled once and kept; the partner rule of
`provenance` is in every one of them for a partner (its organisation a bind parameter, never a compiled value)."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import bindparam, func, select
from stuurcyclus_common.db import Database, table_of
from stuurcyclus_common.errors import NotFound
from stuurcyclus_common.identity import Caller
from stuurcyclus_common.reads import Prepared, paged

from ..gebieden import service as gebieden
from ..models import Indicator, Meting
from ..shared.provenance import partner_measurements
from .schemas import MetingRead

_indicator = table_of(Indicator)
_meting = table_of(Meting)

INDICATOR = Prepared(
    select(_indicator.c.id, _indicator.c.code).where(
        _indicator.c.tenant == bindparam("tenant"), _indicator.c.code == bindparam("code")
    )
)
_COLUMNS = ("periode", "gebied", "waarde", "herkomst", "leverancier", "versie", "actueel", "voorlopig", "vastgelegd_op")


def _conditions(partner: bool, alle_versies: bool, gebied: bool, van: bool, tot: bool) -> list[Any]:
    """The series' conditions: the municipality and indicator, the partner rule for a partner, and the filters used."""
    conditions = [_meting.c.tenant == bindparam("tenant"), _meting.c.indicator_id == bindparam("indicator_id")]
    if partner:
        conditions.append(partner_measurements(bindparam("organisatie")))
    if not alle_versies:
        conditions.append(_meting.c.actueel)
    if gebied:
        conditions.append(_meting.c.gebied == bindparam("gebied"))
    if van:
        conditions.append(_meting.c.periode_start >= bindparam("van"))
    if tot:
        conditions.append(_meting.c.periode_start <= bindparam("tot"))
    return conditions


@cache
def series_statement(partner: bool, alle_versies: bool, gebied: bool, van: bool, tot: bool, page: bool) -> Prepared:
    """The series read for one combination of filters, all of it or a page (`reads.paged`); compiled on first use."""
    names = gebieden.latest_name(_meting.c.tenant, _meting.c.gebied).label("register_naam")
    query = (
        select(*(_meting.c[name] for name in _COLUMNS), names)
        .where(*_conditions(partner, alle_versies, gebied, van, tot))
        .order_by(_meting.c.gebied, _meting.c.periode_start, _meting.c.periode, _meting.c.versie)
    )
    return Prepared(paged(query) if page else query)


@cache
def count_statement(partner: bool, alle_versies: bool, gebied: bool, van: bool, tot: bool) -> Prepared:
    """How many values the series has (for a page past its end, where no row carries the total)."""
    return Prepared(
        select(func.count()).select_from(_meting).where(*_conditions(partner, alle_versies, gebied, van, tot))
    )


async def series(
    database: Database,
    tenant: str,
    code: str,
    caller: Caller | None,
    *,
    gebied: str | None = None,
    van: Any = None,
    tot: Any = None,
    alle_versies: bool = False,
    page: tuple[int, int] | None = None,
) -> tuple[int, list[MetingRead]]:
    """An indicator's values (current ones, or every version), ordered by area, period and version: all of them, or
    one `page` of (limit, offset); with how many there are in all. 404 for an indicator this municipality lacks."""
    indicator = await database.fetchrow(INDICATOR, tenant=tenant, code=code)
    if indicator is None:
        raise NotFound(f"Indicator {code!r} does not exist in {tenant}.")
    partner = caller is not None and caller.is_partner
    key = (partner, alle_versies, gebied is not None, van is not None, tot is not None)
    params: dict[str, Any] = {"tenant": tenant, "indicator_id": indicator["id"]}
    if partner:
        params["organisatie"] = caller.organisatie  # type: ignore[union-attr]
    params |= {k: v for k, v in (("gebied", gebied), ("van", van), ("tot", tot)) if v is not None}
    if page is None:
        rows = await database.fetch(series_statement(*key, False), **params)
        total = len(rows)
    else:
        limit, offset = page
        total, rows = await database.fetch_page(
            series_statement(*key, True), count_statement(*key), limit=limit, offset=offset, **params
        )
    return total, [_meting_read(indicator["code"], row) for row in rows]


def _meting_read(code: str, row: Any) -> MetingRead:
    values = {name: row[name] for name in _COLUMNS}
    return MetingRead(indicator=code, gebiedNaam=gebieden.shown_name(row["gebied"], row["register_naam"]), **values)
