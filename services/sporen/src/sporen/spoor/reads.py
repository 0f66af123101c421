"""The agenda's hot reads as prepared statements (`stuurcyclus_common.reads`): a track with its interfaces in one
round trip, a page of tracks with its total in one. What the ORM path of `service.py` answers, without the ORM."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Text, bindparam, cast, func, literal_column, or_, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from stuurcyclus_common.db import Database, like_literal, table_of
from stuurcyclus_common.errors import NotFound
from stuurcyclus_common.reads import ParsedOnce, Prepared, paged

from ..models import Raakvlak, Spoor
from .schemas import SpoorRead

_spoor = table_of(Spoor)
_ander = table_of(Spoor).alias("ander")
_raakvlak = table_of(Raakvlak)


def _raakvlakken_of(spoor_id: Any) -> Any:
    """The interfaces of one track as a JSON array (the other track's number and name expanded), by number."""
    link = func.json_build_object(
        "spoor_id", _ander.c.id, "nummer", _ander.c.nummer, "naam", _ander.c.naam, "reden", _raakvlak.c.reden
    )
    return func.coalesce(
        select(func.json_agg(aggregate_order_by(link, _ander.c.nummer)))
        .select_from(_raakvlak.join(_ander, _ander.c.id == _raakvlak.c.ander_spoor_id))
        .where(_raakvlak.c.spoor_id == spoor_id)
        .scalar_subquery(),
        literal_column("'[]'::json"),
    ).label("raakvlakken")


#: The track as one JSON text PostgreSQL builds (`row_to_json`): pydantic validates it straight from the text, where
#: ten JSON columns decoded one by one into Python objects took a fifth of the read's CPU.
_track = (
    select(*_spoor.c, _raakvlakken_of(_spoor.c.id))
    .where(_spoor.c.tenant == bindparam("tenant"), _spoor.c.id == bindparam("id"))
    .subquery("track")
)
SPOOR = Prepared(select(cast(func.row_to_json(literal_column("track")), Text)).select_from(_track))
#: A track's text validated once while it stays the same (`ParsedOnce`).
_spoor_read = ParsedOnce(SpoorRead)


def _conditions(status: bool, zoek: bool) -> list[Any]:
    """The list's conditions: the municipality, and the filters the request uses (`status`, `zoek`)."""
    conditions = [_spoor.c.tenant == bindparam("tenant")]
    if status:
        conditions.append(_spoor.c.status == bindparam("status"))
    if zoek:
        columns = (_spoor.c.naam, _spoor.c.omschrijving, _spoor.c.probleem)
        conditions.append(or_(*(c.ilike(bindparam("zoek"), escape="\\") for c in columns)))
    return conditions


def _page(status: bool, zoek: bool) -> Any:
    """A page of tracks by number, each as the same JSON text the one-track read gets (so one parse serves both:
    `_spoor_read`), with the total of all pages (`reads.paged`: one round trip, not two)."""
    listed = select(*_spoor.c, _raakvlakken_of(_spoor.c.id)).where(*_conditions(status, zoek)).subquery("track")
    text = cast(func.row_to_json(literal_column("track")), Text).label("spoor")
    return paged(select(text).select_from(listed).order_by(listed.c.nummer))


#: Every combination of the list's filters, each compiled once: a page and the count for a page past the last.
FILTERS = [(status, zoek) for status in (False, True) for zoek in (False, True)]
PAGES = {key: Prepared(_page(*key)) for key in FILTERS}
COUNT = {key: Prepared(select(func.count()).select_from(_spoor).where(*_conditions(*key))) for key in FILTERS}


async def spoor(database: Database, tenant: str, spoor_id: uuid.UUID) -> SpoorRead:
    """One track of this municipality with its interfaces, or 404."""
    row = await database.fetchrow(SPOOR, tenant=tenant, id=spoor_id)
    if row is None:
        raise NotFound(f"Spoor {spoor_id} does not exist in {tenant}.")
    return _spoor_read(row[0])


async def sporen(
    database: Database, tenant: str, *, limit: int, offset: int, status: str | None, zoek: str | None
) -> tuple[int, list[SpoorRead]]:
    """One page of the municipality's tracks by number, and how many there are in all."""
    key = (status is not None, zoek is not None)
    params: dict[str, Any] = {"tenant": tenant}
    if status is not None:
        params["status"] = status
    if zoek is not None:
        params["zoek"] = f"%{like_literal(zoek)}%"
    total, rows = await database.fetch_page(PAGES[key], COUNT[key], limit=limit, offset=offset, **params)
    return total, [_spoor_read(row["spoor"]) for row in rows]
