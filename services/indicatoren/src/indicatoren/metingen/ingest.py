"""Recording measurements, one or millions: streamed, checked as a set inside PostgreSQL, written all or nothing.

Rows are read in chunks (never the whole upload in memory), split into their cells by the csv module (C) and copied
*as text* into a temporary staging table with PostgreSQL's COPY, each with its line number (the next chunk is read
while PostgreSQL copies the one before). Then PostgreSQL checks them all at once (`_CHECKED_ROWS`: known indicator
of this municipality, period string, CBS area code of this municipality and, where a register is loaded, one valid
in that period, a number — `;`-separated files may use decimal commas —, provenance), and finds the same (indicator,
period, area) twice. Any bad row rejects the batch, naming every bad row (up to 50) by line and reason in one
answer, and the transaction rolls back: nothing of it is written. Otherwise one set-based merge writes the batch: a
new (indicator, period, area) is version 1; a different value for an existing one is a correction (a new version;
the old one stays readable, no longer current); the same value again writes nothing. The course of the touched
indicators is judged once, after the merge. Values are readable the moment the transaction commits.

Two ways, one set of rules: a batch is first checked and merged *in one pass*, one statement straight from the
staging table, stopped at its first bad row (`indicatoren.weiger`) and undone if a key came twice; only then does it
go *the thorough way* (every row checked into a table of its own, every bad row named). A good batch — the usual
one — so never writes its checked rows out (issue 33: that and the per-row patterns were a third of the time).

Why in PostgreSQL: checking each row in Python (a dict, a Decimal, a regular expression, a few lookups) held an
upload to about a tenth of what COPY takes; the same checks as one statement over the staged set cost little more
than the copy itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import operator
import re
import uuid
from collections.abc import AsyncIterator, Iterable
from typing import Any

import asyncpg
import orjson
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common import perioden, tabular
from stuurcyclus_common.contracts.indicatoren import MetingenVastgelegd
from stuurcyclus_common.errors import InvalidInput, InvalidParam, Unprocessable, sqlstate, unavailable
from stuurcyclus_common.events import record_event
from stuurcyclus_common.indicatorwaarden import AREA
from stuurcyclus_common.logs import get_logger

from ..gebieden.service import Register, register
from ..koers import service as koers_service
from ..models import EVENTS, Indicator
from .schemas import IngestResult, MetingCreate

log = get_logger(__name__)

CHUNK = 20_000
#: While a chunk is copied, the next one's reading lets the copy go on this often (lines).
YIELD_EVERY = 500
MAX_ERRORS = 50
COLUMNS = ("indicator", "periode", "gebied", "waarde", "herkomst", "leverancier")
HERKOMST = ("gemeente", "cbs", "partner")
#: Explicit markers of a missing value (R writes NA, CBS a dot).
MISSING = ("NA", "na", "N/A", ".")
STAGING = "meting_staging"
CHECKED = "meting_gecontroleerd"
#: What is staged per row, as the file wrote it; `veld` names the value's field in an error (a wide export's column).
STAGED = ("line", "indicator", "periode", "gebied", "waarde", "herkomst", "leverancier", "veld", "voorlopig")


class _Batch:
    """What one upload found before PostgreSQL checks it: lines the csv module could not read, a bad header, and the
    cells a wide export left empty (missing values, counted)."""

    def __init__(self, tenant: str, herkomst: str, leverancier: str | None) -> None:
        self.tenant = tenant
        self.herkomst = herkomst
        self.leverancier = leverancier
        self.errors: list[InvalidParam] = []
        self.missing = 0
        self.rows = 0  # rows (or cells) that did not reach the staging table but count as read

    def fail(self, line: int, field: str, reason: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(InvalidParam(name=f"line {line}: {field}", code="invalid", reason=reason))


async def _staging(session: AsyncSession):  # noqa: ANN202
    await session.execute(
        text(
            f"CREATE TEMP TABLE IF NOT EXISTS {STAGING} (line int, indicator text, periode text, gebied text, "
            "waarde text, herkomst text, leverancier text, veld text, voorlopig boolean) ON COMMIT DROP"
        )
    )
    await session.execute(text(f"TRUNCATE {STAGING}"))
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    return raw.driver_connection


async def _copy(driver, records: list[tuple]) -> None:  # noqa: ANN001
    if records:
        await driver.copy_records_to_table(STAGING, records=records, columns=STAGED)


#: The explicit markers of a missing value, as SQL.
_MISSING_SQL = ", ".join(f"'{marker}'" for marker in MISSING)
#: The patterns the checks and their messages share, as SQL.
PERIODE_SQL = r"^\d{4}(S[12]|Q[1-4]|0[1-9]|1[0-2])?$"
GEBIED_SQL = AREA.pattern
GETAL_SQL = r"^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]{1,3})?$"

#: Every staged row with the first thing wrong with it (`fout`; `ontbreekt` marks an explicit missing value, skipped
#: and counted). One pass over the staged set: the inner query is kept apart (`OFFSET 0`) so that PostgreSQL computes
#: each cleaned cell once instead of inlining it wherever the checks use it.
_CHECKED_ROWS = rf"""
SELECT s.line, s.veld, s.code, s.periode, s.gebied, s.ruw, s.herkomst, s.leverancier, s.getal, s.voorlopig,
       i.id AS indicator_id,
       CASE
         WHEN i.id IS NULL THEN 'indicator'
         WHEN s.periode NOT IN (SELECT jaar::text || deel FROM generate_series(1900, 2100) jaar, unnest(
                  ARRAY['', 'S1', 'S2', 'Q1', 'Q2', 'Q3', 'Q4', '01', '02', '03', '04', '05', '06', '07', '08', '09',
                        '10', '11', '12']) deel) THEN 'periode'
         WHEN NOT (s.gebied = :tenant
                   OR (left(s.gebied, 6) IN ('WK' || :cijfers, 'BU' || :cijfers)
                       AND length(s.gebied) = CASE left(s.gebied, 2) WHEN 'WK' THEN 8 ELSE 10 END
                       AND translate(substr(s.gebied, 7), '0123456789', '') = ''))
           THEN CASE WHEN s.gebied ~ '{GEBIED_SQL}' THEN 'gebied-elders' ELSE 'gebied' END
         WHEN CAST(:register_vanaf AS int) IS NOT NULL AND left(s.periode, 4)::int >= CAST(:register_vanaf AS int)
              AND NOT EXISTS (
                SELECT 1 FROM indicatoren.gebied g
                WHERE g.tenant = :tenant AND g.code = s.gebied AND g.geldig_van <= left(s.periode, 4)::int
                  AND (g.geldig_tot IS NULL OR g.geldig_tot >= left(s.periode, 4)::int)) THEN 'gebied-register'
         WHEN s.ruw IN ({_MISSING_SQL}) THEN 'ontbreekt'
         WHEN NOT CASE translate(s.getal, '0123456789', '')  -- plain digits, with or without a point: no pattern
                    WHEN '' THEN s.getal <> '' WHEN '.' THEN s.getal <> '.' ELSE s.getal ~ '{GETAL_SQL}' END
           THEN 'waarde'
         WHEN abs(s.getal::numeric) >= 1e14 THEN 'waarde'
         WHEN s.herkomst NOT IN ('gemeente', 'cbs', 'partner') THEN 'herkomst'
       END AS fout
FROM (
    SELECT line, coalesce(veld, 'waarde') AS veld, btrim(coalesce(indicator, '')) AS code,
           btrim(coalesce(periode, '')) AS periode, btrim(coalesce(gebied, '')) AS gebied,
           btrim(coalesce(waarde, '')) AS ruw,
           CASE WHEN :komma THEN replace(btrim(coalesce(waarde, '')), ',', '.') ELSE btrim(coalesce(waarde, '')) END
             AS getal,
           btrim(coalesce(nullif(herkomst, ''), :herkomst)) AS herkomst,
           coalesce(nullif(leverancier, ''), :leverancier) AS leverancier, coalesce(voorlopig, false) AS voorlopig
    FROM {STAGING}
    OFFSET 0
) s
LEFT JOIN indicatoren.indicator i ON i.tenant = :tenant AND i.code = s.code
"""

#: The thorough way materialises the checked rows, to name every bad one.
_CHECK = f"CREATE TEMP TABLE {CHECKED} ON COMMIT DROP AS {_CHECKED_ROWS}"

#: The first bad rows, each with its reason, in the words a Python check would use; then the same key twice.
_ERRORS = rf"""
SELECT line, CASE fout WHEN 'gebied-elders' THEN 'gebied' WHEN 'gebied-register' THEN 'gebied'
                       WHEN 'waarde' THEN veld ELSE fout END AS veld,
       CASE fout
         WHEN 'indicator' THEN format('unknown indicator %L', code)
         WHEN 'periode' THEN CASE WHEN periode !~ '{PERIODE_SQL}'
                                  THEN format('not a period: %L (use 2024, 2024S1, 2024Q3 or 202403)', periode)
                                  ELSE format('year out of range in %L', periode) END
         WHEN 'gebied' THEN format('not a CBS area code: %L', gebied)
         WHEN 'gebied-elders' THEN format('%s is not %s or one of its wijken or buurten', gebied, CAST(:tenant AS text))
         WHEN 'gebied-register' THEN format('%s is not in the municipality''s register of areas for %s', gebied,
                                            left(periode, 4))
         WHEN 'waarde' THEN format('not a number: %L', ruw)
         WHEN 'herkomst' THEN 'must be one of [''cbs'', ''gemeente'', ''partner'']'
       END AS reden
FROM {CHECKED} WHERE fout IS NOT NULL AND fout <> 'ontbreekt'
UNION ALL
SELECT max(line), 'gebied', 'the same indicator, period and area appear earlier in this batch'
FROM {CHECKED} WHERE fout IS NULL GROUP BY indicator_id, periode, gebied HAVING count(*) > 1
ORDER BY 1 LIMIT {MAX_ERRORS}
"""

#: The good rows of the thorough way (every bad one has been named by then).
_GOOD_CHECKED = f"SELECT * FROM {CHECKED} WHERE fout IS NULL"

#: The good rows of the one-pass way: the first row that is not good or missing stops the statement
#: (`indicatoren.weiger`), and the batch goes the thorough way.
_GOOD_STAGED = f"""
SELECT * FROM ({_CHECKED_ROWS}) c
WHERE CASE WHEN fout IS NULL THEN true WHEN fout = 'ontbreekt' THEN false ELSE indicatoren.weiger(line) END
"""


def _merge_of(good: str) -> str:
    """The good rows typed, put in the indexes' order (their pages then fill in step) with each key once, and merged:
    new keys are version 1, a changed value a new version (the old one retired); the municipality's indicators are
    locked before (`_LOCK`). `verschillend` counts the different keys: fewer than the good rows means a key came
    twice. Nested subqueries rather than CTEs: a CTE with a volatile function in it would be written out first."""
    return f"""
WITH incoming AS (
    SELECT o.*, m.versie AS oude_versie, m.id AS oude_id,
           (m.id IS NULL OR m.waarde <> o.waarde OR m.voorlopig <> o.voorlopig) AS veranderd  -- definitive replaces
    FROM (
        SELECT DISTINCT ON (indicator_id, gebied, periode_start, periode) * FROM (
            SELECT indicator_id, periode, gebied, herkomst, leverancier, voorlopig, round(getal::numeric, 6) AS waarde,
                   CASE WHEN deel = '' THEN 'jaar' WHEN deel LIKE 'S%' THEN 'halfjaar'
                        WHEN deel LIKE 'Q%' THEN 'kwartaal' ELSE 'maand' END AS periode_soort,
                   make_date(left(periode, 4)::int,
                             CASE WHEN deel IN ('', 'S1') THEN 1 WHEN deel = 'S2' THEN 7
                                  WHEN deel LIKE 'Q%' THEN 3 * (substr(deel, 2)::int - 1) + 1
                                  ELSE deel::int END, 1) AS periode_start
            FROM (SELECT *, substr(periode, 5) AS deel FROM ({good}) g OFFSET 0) c
        ) t
        ORDER BY indicator_id, gebied, periode_start, periode
    ) o
    LEFT JOIN indicatoren.meting m
      ON m.actueel AND m.tenant = :tenant AND m.indicator_id = o.indicator_id
     AND m.gebied = o.gebied AND m.periode_start = o.periode_start AND m.periode = o.periode  -- the index's order
), retired AS (
    UPDATE indicatoren.meting m SET actueel = false
    WHERE m.id IN (SELECT oude_id FROM incoming WHERE veranderd AND oude_id IS NOT NULL)
    RETURNING 1
), inserted AS (
    INSERT INTO indicatoren.meting (tenant, indicator_id, periode, periode_soort, periode_start, gebied,
                                    waarde, herkomst, leverancier, versie, actueel, voorlopig)
    SELECT :tenant, indicator_id, periode, periode_soort, periode_start, gebied, waarde, herkomst,
           leverancier, coalesce(oude_versie, 0) + 1, true, voorlopig
    FROM incoming WHERE veranderd
    RETURNING versie, indicator_id
)
SELECT sum(nieuw), sum(gecorrigeerd), (SELECT count(*) FROM retired), array_agg(indicator_id),
       (SELECT count(*) FROM incoming) AS verschillend
FROM (SELECT indicator_id, count(*) FILTER (WHERE versie = 1) AS nieuw, count(*) FILTER (WHERE versie > 1)
             AS gecorrigeerd
      FROM inserted GROUP BY indicator_id) per_indicator
"""


#: The municipality's indicators locked for the batch (FOR KEY SHARE: none deleted until it commits), which is what a
#: foreign key would have done per row; the checks that follow see only indicators that stay.
_LOCK = "SELECT 1 FROM indicatoren.indicator WHERE tenant = :tenant FOR KEY SHARE"
_MERGE_STAGED = _merge_of(_GOOD_STAGED)
_MERGE_CHECKED = _merge_of(_GOOD_CHECKED)

#: Rows staged, and how many of them are explicit missing values: of a batch whose every row is good or missing.
_STAGED_COUNTS = (
    f"SELECT count(*), count(*) FILTER (WHERE btrim(coalesce(waarde, '')) IN ({_MISSING_SQL})) FROM {STAGING}"
)
_CHECKED_COUNTS = f"SELECT count(*), count(*) FILTER (WHERE fout = 'ontbreekt') FROM {CHECKED}"


async def _merge(
    session: AsyncSession, tenant: str, batch: _Batch, decimal_comma: bool, area_register: Register
) -> IngestResult:
    """Check and write the staged batch. A batch without bad rows (the usual one) is checked and merged in one
    statement straight from the staging table; one with a bad row goes the thorough way, which names them all."""
    params = {
        "tenant": tenant,
        "cijfers": tenant[2:],
        "herkomst": batch.herkomst,
        "leverancier": batch.leverancier,
        "komma": decimal_comma,
        "register_vanaf": area_register.first_year,
    }
    await session.execute(text(_LOCK), {"tenant": tenant})
    written = await _merge_in_one_pass(session, params) if ONE_PASS and not batch.errors else None
    if written is None:
        written = await _merge_thoroughly(session, params, batch)
    (nieuw, gecorrigeerd, _, changed, _), (staged, missing) = written
    nieuw, gecorrigeerd, changed_ids = int(nieuw or 0), int(gecorrigeerd or 0), changed or []
    if changed_ids:
        codes = await _codes_of(session, changed_ids)
        event = MetingenVastgelegd(
            batchId=uuid.uuid4(),
            indicatoren=sorted(codes),
            nieuw=nieuw,
            gecorrigeerd=gecorrigeerd,
            herkomst=batch.herkomst,
            leverancier=batch.leverancier,
        )
        await record_event(session, EVENTS, event, tenant=tenant, subject=str(event.batchId))
        await koers_service.announce_course_changes(session, tenant, list(changed_ids))  # once, for all touched
    rows, missing = int(staged) + batch.rows, int(missing) + batch.missing
    return IngestResult(
        rijen=rows,
        nieuw=nieuw,
        gecorrigeerd=gecorrigeerd,
        ongewijzigd=rows - nieuw - gecorrigeerd - missing,
        ontbrekend=missing or None,
    )


#: Whether a batch is first tried in one pass (the thorough way alone gives the same answers, slower).
ONE_PASS = True
#: The SQLSTATE `indicatoren.weiger` raises (migration 0012): the one pass met a row that is not good.
REFUSED = "SC422"


async def _merge_in_one_pass(session: AsyncSession, params: dict[str, Any]) -> tuple[Any, Any] | None:
    """The merge straight from the staging table, or None (nothing kept) when a row is bad or a key comes twice."""
    await session.execute(text(f"ANALYZE {STAGING}"))  # the merge joins it with the measurements: plan by its size
    staged, missing = counts = (await session.execute(text(_STAGED_COUNTS))).one()
    try:
        async with session.begin_nested() as one_pass:
            merged = (await session.execute(text(_MERGE_STAGED), params)).one()
            if merged.verschillend != staged - missing:  # a key came twice: the thorough way names it
                await one_pass.rollback()
                log.info("ingest_checked_thoroughly", reason="a key came twice", rows=staged)
                return None
    except DBAPIError as exc:
        if unavailable(exc):
            raise
        state = sqlstate(exc)
        reason = "a bad row" if state == REFUSED else f"the one pass failed ({state}: {str(exc.orig)[:200]})"
        log.info("ingest_checked_thoroughly", reason=reason, rows=staged)
        return None
    return merged, counts


async def _merge_thoroughly(session: AsyncSession, params: dict[str, Any], batch: _Batch) -> tuple[Any, Any]:
    """Every row checked into a table of its own, every bad one named (nothing written then), else merged."""
    await session.execute(text(f"DROP TABLE IF EXISTS {CHECKED}"))
    await session.execute(text(_CHECK), params)
    await session.execute(text(f"ANALYZE {CHECKED}"))  # the merge joins it with the measurements: a plan by its size
    found = [
        InvalidParam(name=f"line {line}: {veld}", code="invalid", reason=reden)
        for line, veld, reden in await session.execute(text(_ERRORS), {"tenant": params["tenant"]})
    ]
    errors = sorted(batch.errors + found, key=lambda e: int(e.name.split(":")[0].removeprefix("line ")))
    if errors:  # every bad row, in one answer
        errors = errors[:MAX_ERRORS]
        raise Unprocessable(
            f"{len(errors)}{'+' if len(errors) >= MAX_ERRORS else ''} bad row(s), first at "
            f"{errors[0].name}: {errors[0].reason}. Nothing of the batch was written.",
            code="rijen_ongeldig",
            invalid_params=errors,
        )
    merged = (await session.execute(text(_MERGE_CHECKED), params)).one()
    return merged, (await session.execute(text(_CHECKED_COUNTS))).one()


async def _codes_of(session: AsyncSession, ids: list[uuid.UUID]) -> list[str]:
    return list(await session.scalars(select(Indicator.code).where(Indicator.id.in_(ids))))


def _text(value: object) -> str | None:
    return None if value is None else str(value)


async def record(
    session: AsyncSession,
    tenant: str,
    rows: Iterable[MetingCreate],
    *,
    herkomst: str = "gemeente",
    leverancier: str | None = None,
) -> IngestResult:
    """Record measurements given as objects (the JSON API, partners' reports); same rules as a bulk upload."""
    batch = _Batch(tenant, herkomst, leverancier)
    driver = await _staging(session)
    records = []
    for line, row in enumerate(rows, start=1):
        v = row.model_dump(mode="json")
        if any(isinstance(x, str) and "\x00" in x for x in v.values()):
            batch.fail(line, "row", "a NUL character is no text")
            continue
        records.append(
            (line, v.get("indicator"), v.get("periode"), v.get("gebied"), _text(v.get("waarde")),
             v.get("herkomst"), v.get("leverancier"), None, None)
        )  # fmt: skip
    await _copy(driver, records)
    return await _merge(session, tenant, batch, False, await register(session, tenant))


async def record_values(
    session: AsyncSession,
    tenant: str,
    values: Iterable[tuple[int, str, str, str, str, bool]],
    *,
    herkomst: str,
    leverancier: str | None,
    missing: int = 0,
) -> IngestResult:
    """Values another import has read (a CBS table): `(line, indicator, periode, gebied, waarde, voorlopig)`, checked
    and merged by the same rules; `missing` values it skipped are counted as read. A provisional value turning
    definitive is a new version, as a correction is."""
    batch = _Batch(tenant, herkomst, leverancier)
    batch.rows = batch.missing = missing
    driver = await _staging(session)
    records = [(line, code, periode, gebied, waarde, None, None, None, voorlopig)
               for line, code, periode, gebied, waarde, voorlopig in values]  # fmt: skip
    for start in range(0, len(records), CHUNK):
        await _copy(driver, records[start : start + CHUNK])
    return await _merge(session, tenant, batch, False, await register(session, tenant))


async def ingest_lines(
    session: AsyncSession,
    tenant: str,
    lines: AsyncIterator[str],
    fmt: str,
    *,
    herkomst: str = "gemeente",
    leverancier: str | None = None,
) -> IngestResult:
    """A streamed upload: CSV (`,` or `;`, header first) or NDJSON (one JSON object per line).

    The next chunk is read while PostgreSQL copies the one before (one copy at a time on the connection; reading
    lets the copy go on every `YIELD_EVERY` lines): reading the upload and staging it overlap instead of taking
    turns."""
    batch = _Batch(tenant, herkomst, leverancier)
    driver = await _staging(session)
    header: list[str] | None = None
    delimiter, decimal_comma = ",", False
    line_no, chunk, start_line = 0, [], 1
    staging: asyncio.Task[None] | None = None  # the chunk being copied
    try:
        async for line in lines:
            line_no += 1
            if fmt == "csv" and header is None:
                delimiter, decimal_comma = tabular.dialect_of(line)
                try:
                    header = [h.strip().lower() for h in next(csv.reader([line], delimiter=delimiter))]
                except csv.Error as exc:
                    batch.fail(line_no, "header", f"not a CSV line: {exc}")
                    break
                missing = [c for c in COLUMNS[:4] if c not in header]
                if missing:
                    batch.fail(1, "header", f"missing column(s) {', '.join(missing)}; expected {';'.join(COLUMNS)}")
                    break
                start_line = 2
                continue
            if not line.strip():
                continue
            chunk.append((line_no, line))
            if len(chunk) >= CHUNK:
                if staging is not None:
                    await staging
                staging = asyncio.create_task(_stage_chunk(driver, batch, chunk, fmt, header, delimiter))
                chunk = []
            elif staging is not None and len(chunk) % YIELD_EVERY == 0 and not staging.done():
                await asyncio.sleep(0)  # the copy's next step (an upload from the network yields by itself)
        if staging is not None:
            await staging
        if chunk:
            await _stage_chunk(driver, batch, chunk, fmt, header, delimiter)
    except BaseException:
        if staging is not None:  # the upload broke off mid-copy: the copy ends first (its own failure read, not
            with contextlib.suppress(BaseException):  # left unretrieved), so the connection is whole for the rollback
                await asyncio.shield(staging)
        raise
    if fmt == "csv" and header is None and not batch.errors:
        batch.fail(start_line, "header", "the file is empty")
    return await _merge(session, tenant, batch, decimal_comma, await register(session, tenant))


async def _stage_chunk(
    driver,
    batch: _Batch,
    chunk: list[tuple[int, str]],
    fmt: str,
    header: list[str] | None,
    delimiter: str,  # noqa: ANN001
) -> None:
    """Stage a chunk of lines. CSV whose header names only known columns goes to PostgreSQL's own CSV parser as it
    is (each line led by its number): no cell is touched in Python. A chunk it refuses (a stray quote, a missing or
    extra field, a NUL byte) is rolled back to its savepoint and parsed here instead, which names the bad lines."""
    if fmt == "csv" and header is not None and set(header) <= set(COLUMNS) and len(set(header)) == len(header):
        data = "".join(f"{n}{delimiter}{line}\n" for n, line in chunk).encode()
        await driver.execute("SAVEPOINT meting_chunk")
        try:
            await driver.copy_to_table(
                STAGING, source=_once(data), columns=["line", *header], format="csv", delimiter=delimiter
            )
        except asyncpg.PostgresError as exc:
            if unavailable(exc):
                raise
            await driver.execute("ROLLBACK TO SAVEPOINT meting_chunk")
        else:
            await driver.execute("RELEASE SAVEPOINT meting_chunk")
            return
        await driver.execute("RELEASE SAVEPOINT meting_chunk")
    await _copy(driver, _parse_chunk(batch, chunk, fmt, header, delimiter))


async def _once(data: bytes) -> AsyncIterator[bytes]:
    yield data


class KeyRule:
    """How a monitor's own area keys become CBS codes: through the register's local keys, or by a rule given with
    the upload, `BU0193{sleutel:3}0` (the key, zero-padded to 3 digits, between a prefix and a suffix):
    key 101 → BU01931010."""

    RULE = re.compile(r"^(?P<prefix>[A-Z]{2}\d*)\{sleutel(?::(?P<width>\d))?\}(?P<suffix>\d*)$")

    def __init__(self, rule: str | None, register: Register) -> None:
        self.register = register
        self.match = self.RULE.match(rule) if rule else None
        if rule and self.match is None:
            raise InvalidInput.field("query.gebiedCode", "a rule such as BU0193{sleutel:3}0", "pattern_mismatch")

    def code(self, key: str) -> str | None:
        if self.match is None:
            return self.register.by_key.get(key) or (key if AREA.match(key) else None)
        if not key.isdigit():
            return None
        width = int(self.match["width"] or 0)
        return f"{self.match['prefix']}{key.zfill(width)}{self.match['suffix']}"


async def ingest_wide(
    session: AsyncSession,
    tenant: str,
    lines: AsyncIterator[str],
    *,
    periode: str,
    kolom: str,
    rule: str | None,
    herkomst: str = "gemeente",
    leverancier: str | None = None,
) -> IngestResult:
    """A monitor's own export: one row per area (keyed by a local number or a CBS code in column `kolom`), one column
    per indicator code, no period in the file (given as `periode`). `NA`, `.` and empty cells are missing values:
    skipped and counted. Every bad cell, row and column is named in one answer; nothing is written then."""
    area_register = await register(session, tenant)
    keys = KeyRule(rule, area_register)
    batch = _Batch(tenant, herkomst, leverancier)
    codes = set(await _codes(session, tenant))
    try:
        perioden.parse(periode)
    except perioden.PeriodError as exc:
        raise InvalidInput.field("query.periode", str(exc)) from None
    driver = await _staging(session)
    header: list[str] | None = None
    delimiter, decimal_comma, area_index = ",", False, 0
    columns: list[tuple[int, str]] = []
    records: list[tuple] = []
    line_no = 0
    async for line in lines:
        line_no += 1
        if not line.strip():
            continue
        if header is None:
            delimiter, decimal_comma = tabular.dialect_of(line)
            header = [h.strip() for h in next(csv.reader([line], delimiter=delimiter))]
            if kolom not in header:
                batch.fail(1, "header", f"no column {kolom!r} (the area column, query.gebiedKolom)")
                break
            area_index = header.index(kolom)
            for i, name in enumerate(header):
                if i == area_index:
                    continue
                if name not in codes:
                    batch.fail(1, name, f"unknown indicator {name!r} (a column is an indicator code)")
                    continue
                columns.append((i, name))
            continue
        rows = _csv_rows(batch, [(line_no, line)], delimiter)
        if not rows:
            continue
        _, cells = rows[0]
        key = cells[area_index].strip() if area_index < len(cells) else ""
        gebied = keys.code(key)
        if gebied is None:
            batch.fail(line_no, kolom, f"the area key {key!r} maps to no area (register keys or query.gebiedCode)")
            continue
        for index, code in columns:
            raw = cells[index].strip() if index < len(cells) else ""
            if raw == "":  # an empty cell of a wide export is a missing value (NA and . are checked with the rest)
                batch.rows += 1
                batch.missing += 1
                continue
            records.append(
                (line_no, code, periode, gebied, raw, None, None, code, None)
            )  # a bad value names its column
        if len(records) >= CHUNK:
            await _copy(driver, records)
            records = []
    await _copy(driver, records)
    if header is None and not batch.errors:
        batch.fail(1, "header", "the file is empty")
    return await _merge(session, tenant, batch, decimal_comma, area_register)


async def _codes(session: AsyncSession, tenant: str) -> list[str]:
    return list(await session.scalars(select(Indicator.code).where(Indicator.tenant == tenant)))


def _csv_rows(batch: _Batch, chunk: list[tuple[int, str]], delimiter: str) -> list[tuple[int, list[str]]]:
    """The cells of each line; a line the csv module cannot read (a stray quote, a line break inside a field) is a
    bad row named by its number, never an error of the server. (PostgreSQL's text cannot hold a NUL byte, and the
    csv module lets one through: such a line is refused here.)"""
    texts = [line for _, line in chunk]
    if any("\x00" in line for line in texts):
        for line_no, line in chunk:
            if "\x00" in line:
                batch.fail(line_no, "row", "not a CSV line: it contains a NUL byte")
        chunk = [(n, line) for n, line in chunk if "\x00" not in line]
        texts = [line for _, line in chunk]
    try:
        parsed = list(csv.reader(texts, delimiter=delimiter))
        if len(parsed) == len(texts):
            return list(zip([n for n, _ in chunk], parsed, strict=True))
    except csv.Error:
        pass
    rows = []  # one line at a time, to name the bad ones
    for line_no, line in chunk:
        try:
            cells = next(csv.reader([line], delimiter=delimiter), [])
        except csv.Error as exc:
            batch.fail(line_no, "row", f"not a CSV line: {exc}")
            continue
        rows.append((line_no, cells))
    return rows


def _parse_chunk(
    batch: _Batch, chunk: list[tuple[int, str]], fmt: str, header: list[str] | None, delimiter: str
) -> list[tuple]:
    """The staged rows of a chunk: each line's cells as text, by the header's columns (checked in PostgreSQL)."""
    if fmt == "csv":
        assert header is not None
        width = len(header) + 1
        # The header's columns in the staged order; a column the file lacks reads the extra empty cell at the end.
        cells_of = operator.itemgetter(*(header.index(c) if c in header else width - 1 for c in COLUMNS))
        padding: list[Any] = [None] * width  # cells the file lacks read as NULL
        records = []
        for line_no, cells in _csv_rows(batch, chunk, delimiter):
            if len(cells) < width:
                cells = cells + padding[len(cells) :]
            records.append((line_no, *cells_of(cells), None, None))
        return records
    records = []
    for line_no, line in chunk:
        try:
            values = orjson.loads(line)
            if not isinstance(values, dict) or "\x00" in line or "\\u0000" in line:
                raise ValueError
        except ValueError:
            batch.fail(line_no, "row", "not a JSON object (without NUL characters)")
            continue
        records.append((line_no, *(_text(values.get(c)) for c in COLUMNS), None, None))
    return records
