"""An indicator's series as prepared statements (`stuurcyclus_common.reads`): the indicator, then its measurements
with their areas' names, paged in the database (the page and the total in one round trip).

Which filters a request uses picks one of a few statements, each compiled once and kept; the partner rule of
`provenance` is in every one of them for a partner (its organisation a bind parameter, never a compiled value)."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import bindparam, func, select
from stuurcyclus_common.db import Database
from stuurcyclus_common.errors import NotFound
from stuurcyclus_common.gemeenten import is_gemeente
from stuurcyclus_common.gemeenten import naam as gemeente_naam
from stuurcyclus_common.identity import Caller
from stuurcyclus_common.reads import Prepared

from . import schemas
from .models import Gebied, Indicator, Meting
from .provenance import partner_measurements

_indicator = Indicator.__table__
_meting = Meting.__table__
_gebied = Gebied.__table__

INDICATOR = Prepared(
    select(_indicator.c.id, _indicator.c.code).where(
        _indicator.c.tenant == bindparam("tenant"), _indicator.c.code == bindparam("code")
    )
)
#: The latest name the register gives an area (as `gebieden.names`).
_REGISTER_NAME = (
    select(_gebied.c.naam)
    .where(_gebied.c.tenant == _meting.c.tenant, _gebied.c.code == _meting.c.gebied, _gebied.c.naam.is_not(None))
    .order_by(_gebied.c.geldig_van.desc())
    .limit(1)
    .scalar_subquery()
)
_COLUMNS = ("periode", "gebied", "waarde", "herkomst", "leverancier", "versie", "actueel", "vastgelegd_op")


@cache
def series_statement(partner: bool, alle_versies: bool, gebied: bool, van: bool, tot: bool, paged: bool) -> Prepared:
    """The series read for one combination of filters (compiled on first use)."""
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
    columns = [*(_meting.c[name] for name in _COLUMNS), _REGISTER_NAME.label("register_naam")]
    query = select(*columns).where(*conditions)
    query = query.order_by(_meting.c.gebied, _meting.c.periode_start, _meting.c.periode, _meting.c.versie)
    if paged:
        query = query.add_columns(func.count().over().label("totaal"))
        query = query.limit(bindparam("limit")).offset(bindparam("offset"))
    return Prepared(query)


@cache
def count_statement(partner: bool, alle_versies: bool, gebied: bool, van: bool, tot: bool) -> Prepared:
    """How many values the series has (for a page past its end, where no row carries the total)."""
    series = series_statement(partner, alle_versies, gebied, van, tot, False)
    return Prepared(select(func.count()).select_from(series.statement.subquery()))


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
) -> tuple[int, list[schemas.MetingRead]]:
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
        rows = await database.fetch(series_statement(*key, True), **params, limit=page[0], offset=page[1])
        total = rows[0]["totaal"] if rows else (await database.fetchrow(count_statement(*key), **params))[0]
    return int(total), [_meting_read(indicator["code"], row) for row in rows]


def _meting_read(code: str, row: Any) -> schemas.MetingRead:
    area = row["gebied"]
    name = row["register_naam"] or (gemeente_naam(area) if is_gemeente(area) else None)
    return schemas.MetingRead(indicator=code, gebiedNaam=name, **{name_: row[name_] for name_ in _COLUMNS})
