"""The municipality's register of areas: its wijken and buurten by CBS code and name, the wijk of each buurt, the
years a row is valid (CBS redraws buurten), and an optional local key (the number a monitor export uses).

Loaded from a CSV in CBS's own shape (Kerncijfers wijken en buurten): codes padded with spaces
(`"BU01930101  "`), `Gemeentenaam`, `SoortRegio` (`Gemeente`/`Wijk`/`Buurt`), `.` for a missing value, column names
as StatLine writes them (`SoortRegio_2`) or plain; `;` or `,`. Loading a register for a year makes its areas valid
from that year; areas of an earlier register that it no longer has end the year before. Rows of another
municipality in the file are skipped and counted; a bad row rejects the whole file, naming every bad line.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.contracts.indicatoren import GebiedenVastgelegd, Wijk
from stuurcyclus_common.db import affected
from stuurcyclus_common.errors import InvalidParam, NotFound, Unprocessable
from stuurcyclus_common.events import record_event
from stuurcyclus_common.gemeenten import area_belongs_to, is_gemeente
from stuurcyclus_common.gemeenten import naam as gemeente_naam

from ..models import EVENTS, Gebied
from .schemas import GebiedenResult

MAX_ERRORS = 50
MISSING = {"", ".", "NA", "na", "-"}
CODE = re.compile(r"^(GM\d{4}|WK\d{6}|BU\d{8})$")
COLUMNS = {
    "code": ("codering", "gwb_code_10", "gwbcode", "code", "wijkenenbuurten"),
    "naam": ("naam", "regioaanduiding", "regio", "wijkenenbuurtennaam", "gebiedsnaam"),
    "gemeente": ("gemeentenaam", "gm_naam"),
    "soort": ("soortregio", "recs", "soort"),
    "sleutel": ("sleutel", "lokalesleutel", "geoitem"),
    "wijkenenbuurten": ("wijkenenbuurten",),
}
SOORTEN = {"gemeente": "gemeente", "wijk": "wijk", "buurt": "buurt"}


def _column(header: list[str], kind: str) -> int | None:
    plain = [re.sub(r"_\d+$", "", h.strip().lower()).replace("_", "") for h in header]
    for name in COLUMNS[kind]:
        wanted = name.replace("_", "")
        if wanted in plain:
            return plain.index(wanted)
    return None


@dataclass
class _Row:
    line: int
    code: str
    naam: str | None
    soort: str
    sleutel: str | None
    omtrek: dict | None = None


def parse(content: str, tenant: str) -> tuple[list[_Row], int]:
    """The rows of `tenant` in a register file, and how many rows of other municipalities were skipped."""
    lines = [line for line in io.StringIO(content.lstrip("\ufeff"), newline="").read().splitlines() if line.strip()]
    if not lines:
        raise _refuse([InvalidParam(name="line 1: header", code="invalid", reason="the file is empty")])
    delimiter = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    try:
        records = list(csv.reader(lines, delimiter=delimiter))
    except csv.Error as exc:
        raise _refuse([InvalidParam(name="line 1: row", code="invalid", reason=f"not CSV: {exc}")]) from None
    header = records[0]
    where = {kind: _column(header, kind) for kind in COLUMNS}
    where["wijkenenbuurten"] = _column(header, "wijkenenbuurten")
    if where["code"] is None:
        reason = "no column with the CBS code (WijkenEnBuurten, Codering or gwb_code_10)"
        raise _refuse([InvalidParam(name="line 1: header", code="invalid", reason=reason)])
    rows, errors, skipped = [], [], 0
    seen: dict[str, int] = {}
    for number, cells in enumerate(records[1:], start=2):

        def cell(kind: str, cells: list[str] = cells) -> str | None:
            index = where[kind]
            value = cells[index].strip() if index is not None and index < len(cells) else ""
            return None if value in MISSING else value

        # StatLine writes the code in `WijkenEnBuurten` (typed) or the name there and the code in `Codering`
        # (untyped): take whichever column holds a code, and a name from where the code is not.
        found = [v for v in (cell("code"), cell("wijkenenbuurten")) if v and CODE.match(v.upper())]
        code = (found[0] if found else (cell("code") or "")).upper()
        area_name = cell("naam")
        named = cell("wijkenenbuurten")
        if area_name is None and named and not CODE.match(named.upper()):
            area_name = named
        if not CODE.match(code):
            errors.append(
                InvalidParam(name=f"line {number}: code", code="invalid", reason=f"not a CBS area code: {code!r}")
            )
            continue
        if not area_belongs_to(code, tenant):
            skipped += 1
            continue
        if code in seen:
            reason = f"{code} appears on line {seen[code]} too"
            errors.append(InvalidParam(name=f"line {number}: code", code="duplicate", reason=reason))
            continue
        seen[code] = number
        soort = {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}[code[:2]]
        given = (cell("soort") or soort).lower()
        if SOORTEN.get(given, given) != soort:
            reason = f"SoortRegio {given!r} does not fit the code {code}"
            errors.append(InvalidParam(name=f"line {number}: soort", code="invalid", reason=reason))
            continue
        rows.append(_Row(number, code, area_name, soort, cell("sleutel")))
    if errors:
        raise _refuse(errors)
    return rows, skipped


#: Where a feature's own code is, by the years of CBS's map: `STATCODE` (to 2015), `BU_CODE`/`WK_CODE`/`GM_CODE` (from
#: 2016: a buurt's feature names its wijk and municipality too, so the most specific first), PDOK's lower-case names.
CODE_KEYS = ("STATCODE", "BU_CODE", "BUURTCODE", "WK_CODE", "WIJKCODE", "GM_CODE", "GEMEENTECODE")
NAME_KEYS = {
    "gemeente": ("GM_NAAM", "GEMEENTENAAM"),
    "wijk": ("WK_NAAM", "WIJKNAAM"),
    "buurt": ("BU_NAAM", "BUURTNAAM"),
}


def _code_of(properties: dict[str, Any]) -> str:
    """The feature's CBS code from the first code property that holds one (integer variants never: they drop the
    leading zero)."""
    for key in CODE_KEYS:
        value = properties.get(key)
        if isinstance(value, str) and CODE.match(value.strip().upper()):
            return value.strip().upper()
    return str(properties.get("STATCODE") or "").strip().upper()


def parse_geojson(content: str, tenant: str) -> tuple[list[_Row], int]:
    """The areas of `tenant` in a GeoJSON FeatureCollection as CBS's Wijk- en buurtkaart writes it: the code from
    `STATCODE` or, in later years' maps, `BU_CODE`/`WK_CODE`/`GM_CODE` (the integer variants, `WK2014` = 19310, drop
    the leading zero: never keyed on), the name from `WK_NAAM`/`BU_NAAM`/`GM_NAAM` (property names differ per year, in
    any case), the outline as it is (Polygon or
    MultiPolygon, WGS84 longitude/latitude). Features are numbered from 1 in refusals."""
    try:
        document = json.loads(content)
    except ValueError as exc:
        raise _refuse([InvalidParam(name="body", code="invalid", reason=f"not JSON: {exc}")]) from None
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list):
        raise _refuse([InvalidParam(name="body", code="invalid", reason="not a GeoJSON FeatureCollection")])
    rows, errors, skipped, seen = [], [], 0, set()
    for number, feature in enumerate(features, start=1):
        properties = {str(k).upper(): v for k, v in ((feature or {}).get("properties") or {}).items()}
        code = _code_of(properties)
        if not CODE.match(code):
            reason = f"no CBS area code in STATCODE: {code!r}"
            errors.append(InvalidParam(name=f"feature {number}: STATCODE", code="invalid", reason=reason))
            continue
        if not area_belongs_to(code, tenant):
            skipped += 1
            continue
        if code in seen:
            errors.append(InvalidParam(name=f"feature {number}: STATCODE", code="duplicate", reason=f"{code} twice"))
            continue
        seen.add(code)
        geometry = feature.get("geometry")
        if not _outline(geometry):
            reason = "the outline is no Polygon or MultiPolygon of longitude/latitude pairs"
            errors.append(InvalidParam(name=f"feature {number}: geometry", code="invalid", reason=reason))
            continue
        soort = {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}[code[:2]]
        naam = next((properties[k] for k in NAME_KEYS[soort] if properties.get(k)), None)
        rows.append(_Row(number, code, str(naam).strip() if naam else None, soort, None, geometry))
    if errors:
        raise _refuse(errors)
    return rows, skipped


def _outline(geometry: Any) -> bool:
    """A Polygon or MultiPolygon whose points are [longitude, latitude] on the map."""
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        return False
    coordinates: Any = geometry.get("coordinates") or []
    polygons: Any = [coordinates] if geometry["type"] == "Polygon" else coordinates
    try:
        points = [point for polygon in polygons for ring in polygon for point in ring]
        return bool(points) and all(-180 <= float(x) <= 180 and -90 <= float(y) <= 90 for x, y, *_ in points)
    except (TypeError, ValueError):
        return False


def _refuse(errors: list[InvalidParam]) -> Unprocessable:
    first = errors[0]
    return Unprocessable(
        f"{len(errors)} bad row(s), first at {first.name}: {first.reason}. Nothing of the register was loaded.",
        code="gebieden_ongeldig",
        invalid_params=errors[:MAX_ERRORS],
    )


async def load(session: AsyncSession, tenant: str, content: str, jaar: int, *, geojson: bool = False) -> GebiedenResult:
    """Load a register for `jaar` (CBS's CSV layout, or its map as GeoJSON with the outlines): its areas valid from
    then; those it no longer has end the year before."""
    rows, skipped = parse_geojson(content, tenant) if geojson else parse(content, tenant)
    if not rows:
        raise _refuse([InvalidParam(name="body", code="invalid", reason=f"no area of {tenant} in the file")])
    if tenant not in {r.code for r in rows}:  # a map of wijken or buurten only: the municipality is in its register
        rows.append(_Row(0, tenant, gemeente_naam(tenant), "gemeente", None))
    values = [
        dict(
            tenant=tenant,
            code=r.code,
            geldig_van=jaar,
            geldig_tot=None,
            naam=r.naam,
            soort=r.soort,
            wijk=("WK" + r.code[2:8]) if r.soort == "buurt" else None,
            sleutel=r.sleutel,
            omtrek=r.omtrek,
        )
        for r in rows
    ]
    stmt = insert(Gebied).values(values)
    await session.execute(
        stmt.on_conflict_do_update(
            index_elements=["tenant", "code", "geldig_van"],
            set_={c: stmt.excluded[c] for c in ("geldig_tot", "naam", "soort", "wijk", "sleutel")}
            | ({"omtrek": stmt.excluded.omtrek} if geojson else {}),  # a CSV register leaves the outlines alone
        )
    )
    ended = await session.execute(
        update(Gebied)
        .where(
            Gebied.tenant == tenant,
            Gebied.geldig_van < jaar,
            or_(Gebied.geldig_tot.is_(None), Gebied.geldig_tot >= jaar),
            Gebied.code.not_in([r.code for r in rows]),
        )
        .values(geldig_tot=jaar - 1)
    )
    counts = {s: sum(1 for r in rows if r.soort == s) for s in ("gemeente", "wijk", "buurt")}
    wijken = await session.scalars(
        select(Gebied)
        .where(Gebied.tenant == tenant, Gebied.geldig_van == jaar, Gebied.soort == "wijk")
        .order_by(Gebied.code)
    )
    event = GebiedenVastgelegd(jaar=jaar, wijken=[Wijk(code=w.code, naam=w.naam, omtrek=w.omtrek) for w in wijken])
    await record_event(session, EVENTS, event, tenant=tenant, subject=str(jaar))
    return GebiedenResult(jaar=jaar, **counts, elders=skipped, beeindigd=affected(ended))


def valid_in(jaar: int):  # noqa: ANN202
    return and_(Gebied.geldig_van <= jaar, or_(Gebied.geldig_tot.is_(None), Gebied.geldig_tot >= jaar))


async def areas(session: AsyncSession, tenant: str, jaar: int | None, soort: str | None):  # noqa: ANN201
    query = select(Gebied).where(Gebied.tenant == tenant)
    if jaar is not None:
        query = query.where(valid_in(jaar))
    if soort:
        query = query.where(Gebied.soort == soort)
    return query.order_by(Gebied.code, Gebied.geldig_van)


class Register:
    """The register as a check and a lookup for one upload or read: which codes exist in a year, their names, and
    the local keys. Where no register is loaded (or a period lies before the first one) codes are not checked
    beyond belonging to the municipality."""

    def __init__(self, rows: list[Gebied]) -> None:
        self.rows = rows
        self.first_year = min((r.geldig_van for r in rows), default=None)
        self.names = {r.code: r.naam for r in sorted(rows, key=lambda r: r.geldig_van) if r.naam}
        self.by_key = {r.sleutel: r.code for r in rows if r.sleutel and r.geldig_tot is None}
        self.spans: dict[str, list[tuple[int, int | None]]] = {}
        for r in rows:
            self.spans.setdefault(r.code, []).append((r.geldig_van, r.geldig_tot))

    def covers(self, jaar: int) -> bool:
        return self.first_year is not None and jaar >= self.first_year

    def exists(self, code: str, jaar: int) -> bool:
        return any(van <= jaar and (tot is None or tot >= jaar) for van, tot in self.spans.get(code, ()))


async def register(session: AsyncSession, tenant: str) -> Register:
    return Register(list(await session.scalars(select(Gebied).where(Gebied.tenant == tenant))))


def shown_name(code: str, register_naam: str | None) -> str | None:
    """An area's name as reads show it beside its code: the register's latest, else a municipality's name from CBS's
    list (the register is often not loaded)."""
    return register_naam or (gemeente_naam(code) if is_gemeente(code) else None)


def latest_name(tenant: Any, code: Any) -> Any:
    """The register's latest name of the area `code` (a column) as a correlated subquery: for a read that selects
    areas in SQL (`reads.py`); `names` answers the same for a set of codes."""
    return (
        select(Gebied.naam)
        .where(Gebied.tenant == tenant, Gebied.code == code, Gebied.naam.is_not(None))
        .order_by(Gebied.geldig_van.desc())
        .limit(1)
        .scalar_subquery()
    )


async def names(session: AsyncSession, tenant: str, codes: set[str]) -> dict[str, str]:
    """The name of each code that has one (`shown_name`), the register's latest read for all codes at once."""
    if not codes:
        return {}
    latest = (
        select(
            Gebied.code,
            Gebied.naam,
            func.row_number().over(partition_by=Gebied.code, order_by=Gebied.geldig_van.desc()).label("n"),
        )
        .where(Gebied.tenant == tenant, Gebied.code.in_(codes), Gebied.naam.is_not(None))
        .subquery()
    )
    register = dict((await session.execute(select(latest.c.code, latest.c.naam).where(latest.c.n == 1))).all())
    return {code: name for code in codes if (name := shown_name(code, register.get(code)))}


async def outline(session: AsyncSession, tenant: str, code: str, jaar: int | None) -> dict[str, Any]:
    """An area's outline as a GeoJSON Feature (the register's row of `jaar`, else the latest with an outline)."""
    query = select(Gebied).where(Gebied.tenant == tenant, Gebied.code == code, Gebied.omtrek.is_not(None))
    if jaar is not None:
        query = query.where(valid_in(jaar))
    found = await session.scalar(query.order_by(Gebied.geldig_van.desc()).limit(1))
    if found is None:
        raise NotFound(f"No outline of {code} in {tenant}'s register" + (f" for {jaar}." if jaar else "."))
    return {
        "type": "Feature",
        "id": found.code,
        "geometry": found.omtrek,
        "properties": {
            "code": found.code,
            "naam": found.naam,
            "soort": found.soort,
            "wijk": found.wijk,
            "geldigVan": found.geldig_van,
            "geldigTot": found.geldig_tot,
            "bron": "CBS, Wijk- en buurtkaart",
        },
    }
