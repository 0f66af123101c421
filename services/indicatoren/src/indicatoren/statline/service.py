"""Rules of StatLine imports: a table's measure (with a fixed category of each other dimension) is mapped to an
indicator once; an import reads the download, takes the municipality's own regions (and its wijken, buurten) and the
periods the platform keeps, counts the rest as skipped, and records the values by the rules of every other upload
(herkomst `cbs`; a provisional period's values marked `voorlopig`, replaced by a new version when definitive)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.errors import Conflict, InvalidInput, InvalidParam, NotFound, Unavailable, Unprocessable
from stuurcyclus_common.gemeenten import area_belongs_to

from ..metingen import ingest
from ..metingen.schemas import Overgeslagen
from ..models import Indicator, StatlineKoppeling
from ..settings import get_settings
from ..shared import service as shared_service
from . import ophalen
from . import tabel as statline
from .schemas import KoppelingBody, KoppelingRead, StatlineResult

OTHER_REGION = "regio van een andere gemeente"
OTHER_CATEGORY = "andere categorie dan de koppelingen kiezen"
OTHER_PERIOD = "soort periode die het platform niet kent"


async def koppelingen(session: AsyncSession, tenant: str, tabel: str | None = None) -> list[KoppelingRead]:
    query = (
        select(StatlineKoppeling, Indicator.code)
        .join(Indicator, Indicator.id == StatlineKoppeling.indicator_id)
        .where(StatlineKoppeling.tenant == tenant)
        .order_by(StatlineKoppeling.tabel, Indicator.code)
    )
    if tabel is not None:
        query = query.where(StatlineKoppeling.tabel == tabel)
    return [_read(k, code) for k, code in await session.execute(query)]


def _read(koppeling: StatlineKoppeling, code: str) -> KoppelingRead:
    return KoppelingRead(
        tabel=koppeling.tabel,
        indicator=code,
        onderwerp=koppeling.onderwerp,
        dimensies=koppeling.dimensies,
        vastgelegdOp=koppeling.vastgelegd_op,
        laatsteImport=koppeling.laatste_import,
    )


async def set_koppeling(
    session: AsyncSession, tenant: str, tabel: str, code: str, data: KoppelingBody
) -> tuple[KoppelingRead, bool]:
    """Map (or map anew) a table's measure to an indicator; True when the mapping is new."""
    indicator = await shared_service.get_indicator(session, tenant, code)
    key = (tabel, indicator.id)
    existed = await session.get(StatlineKoppeling, key)
    stmt = insert(StatlineKoppeling).values(
        tenant=tenant, tabel=tabel, indicator_id=indicator.id, onderwerp=data.onderwerp, dimensies=data.dimensies
    )
    await session.execute(
        stmt.on_conflict_do_update(
            index_elements=["tabel", "indicator_id"],
            set_={"onderwerp": stmt.excluded.onderwerp, "dimensies": stmt.excluded.dimensies},
        )
    )
    saved = await session.get(StatlineKoppeling, key, populate_existing=True)
    assert saved is not None
    return _read(saved, code), existed is None


async def remove_koppeling(session: AsyncSession, tenant: str, tabel: str, code: str) -> None:
    indicator = await shared_service.get_indicator(session, tenant, code)
    removed = await session.execute(
        delete(StatlineKoppeling).where(
            StatlineKoppeling.tenant == tenant,
            StatlineKoppeling.tabel == tabel,
            StatlineKoppeling.indicator_id == indicator.id,
        )
    )
    if not removed.rowcount:  # type: ignore[attr-defined]
        raise NotFound(f"Table {tabel} is not mapped to indicator {code!r}.")


def parse(tabel: str, files: dict[str, bytes]) -> statline.Tabel:
    """The download as a table, refused with the file at fault when it is not one, or another table than named."""
    try:
        table = statline.parse(files)
    except statline.TabelFout as exc:
        raise InvalidInput.field(exc.veld, exc.reden, "statline") from None
    if table.id and table.id.upper() != tabel:
        raise InvalidInput.field("TableInfos.csv", f"this is table {table.id}, not {tabel}", "statline")
    return table


def own_regions(table: statline.Tabel, tenant: str) -> list[str]:
    assert table.regio is not None
    return sorted({r[table.regio].strip() for r in table.rows if area_belongs_to(r[table.regio].strip(), tenant)})


def _check(table: statline.Tabel, mappings: list[KoppelingRead]) -> None:
    """Every mapping names a measure of the table and one category of each of its other dimensions: all mistakes
    named at once, with the choices the table offers."""
    problems: list[InvalidParam] = []

    def refuse(name: str, reason: str) -> None:
        problems.append(InvalidParam(name=name, code="statline_koppeling", reason=reason))

    for m in mappings:
        where = f"koppelingen.{m.indicator}"
        if m.onderwerp not in table.onderwerpen:
            refuse(
                f"{where}.onderwerp", f"the table has no measure {m.onderwerp!r}: one of {sorted(table.onderwerpen)}"
            )
        for dimension, categories in table.dimensies.items():
            chosen = m.dimensies.get(dimension)
            choices = ", ".join(f"{k} ({t})" for k, t in list(categories.items())[:12])
            if chosen is None:
                refuse(f"{where}.dimensies.{dimension}", f"choose one category: {choices}")
            elif chosen not in categories:
                refuse(f"{where}.dimensies.{dimension}", f"{chosen!r} is no category of {dimension}: {choices}")
        for dimension in m.dimensies.keys() - table.dimensies.keys():
            refuse(f"{where}.dimensies.{dimension}", f"the table has no dimension {dimension!r}")
    if problems:
        raise Unprocessable(
            f"{len(problems)} mapping problem(s), first {problems[0].name}: {problems[0].reason}",
            code="statline_koppeling",
            invalid_params=problems,
        )


def values(
    table: statline.Tabel, tenant: str, mappings: list[KoppelingRead], skipped: Counter[str]
) -> Iterator[tuple[int, str, str, str, str | None, bool]]:
    """Each mapped value of the table: `(line, indicator, periode, gebied, waarde, voorlopig)`, waarde None where
    the cell is empty (a missing value). Rows not taken are counted in `skipped` by reason."""
    assert table.regio is not None and table.perioden_key is not None
    for line, row in table.observaties():
        matching = [m for m in mappings if all(row[d].strip() == c for d, c in m.dimensies.items())]
        if not matching:
            skipped[OTHER_CATEGORY] += 1
            continue
        gebied = row[table.regio].strip()
        if not area_belongs_to(gebied, tenant):
            skipped[OTHER_REGION] += 1
            continue
        key = row[table.perioden_key].strip()
        periode = statline.periode(key)
        if periode is None:
            skipped[OTHER_PERIOD] += 1
            continue
        provisional = statline.voorlopig(table.status.get(key))
        for m in matching:
            raw = (row.get(m.onderwerp) or "").strip()
            yield line, m.indicator, periode, gebied, (raw if raw not in ("", ".") else None), provisional


async def fetch_and_import(session: AsyncSession, tenant: str, tabel: str) -> StatlineResult:
    """The same mappings, the table fetched from CBS's OData service where the platform may reach CBS."""
    settings = get_settings()
    if not settings.statline_catalogus:
        raise Conflict(
            "This platform does not reach CBS (INDICATOREN_STATLINE_CATALOGUS is empty): upload the table's download "
            f"instead (POST /statline/tabellen/{tabel}/import).",
            code="statline_niet_bereikbaar",
        )
    mappings = await _mapped(session, tenant, tabel)  # no mapping: say so before asking CBS
    try:
        entities = await ophalen.fetch(tabel, tenant, settings.statline_catalogus, settings.statline_https)
    except ophalen.Onbereikbaar as exc:
        raise Unavailable(str(exc), code="statline_onbereikbaar") from None
    try:
        table = statline.from_entities(entities)
    except statline.TabelFout as exc:
        raise Unavailable(f"CBS's answer is not a StatLine table: {exc}", code="statline_onbereikbaar") from None
    return await _import(session, tenant, tabel, table, mappings)


async def _mapped(session: AsyncSession, tenant: str, tabel: str) -> list[KoppelingRead]:
    mappings = await koppelingen(session, tenant, tabel)
    if not mappings:
        raise Unprocessable(
            f"Table {tabel} has no mapping yet: map a measure to an indicator first "
            f"(PUT /statline/koppelingen/{tabel}/{{indicator}}; POST …/beschrijving lists the choices).",
            code="statline_geen_koppeling",
        )
    return mappings


async def import_table(session: AsyncSession, tenant: str, tabel: str, files: dict[str, bytes]) -> StatlineResult:
    """Import a download with the table's stored mappings, all or nothing."""
    mappings = await _mapped(session, tenant, tabel)  # no mapping: say so before reading the files
    return await _import(session, tenant, tabel, parse(tabel, files), mappings)


async def _import(
    session: AsyncSession, tenant: str, tabel: str, table: statline.Tabel, mappings: list[KoppelingRead]
) -> StatlineResult:
    _check(table, mappings)
    skipped: Counter[str] = Counter()
    found, missing = [], 0
    for line, code, periode, gebied, waarde, provisional in values(table, tenant, mappings, skipped):
        if waarde is None:
            missing += 1
        else:
            found.append((line, code, periode, gebied, waarde, provisional))
    result = await ingest.record_values(
        session, tenant, found, herkomst="cbs", leverancier=f"CBS StatLine {tabel}", missing=missing
    )
    answer = StatlineResult(
        **result.model_dump(exclude={"overgeslagen"}),
        overgeslagen=[Overgeslagen(reden=r, aantal=n) for r, n in sorted(skipped.items())] or None,
        tabel=tabel,
        indicatoren=[m.indicator for m in mappings],
    )
    counts = answer.model_dump(mode="json", exclude_none=True, exclude={"tabel", "indicatoren"})
    await session.execute(  # every mapping of the table took part: one row each, one statement for all
        update(StatlineKoppeling)
        .where(StatlineKoppeling.tenant == tenant, StatlineKoppeling.tabel == tabel)
        .values(laatste_import=counts | {"op": datetime.now(UTC).isoformat(timespec="seconds")})
    )
    return answer
