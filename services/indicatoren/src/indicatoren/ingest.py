"""Recording measurements, one or millions: streamed, checked row by row, written all or nothing.

Rows are read in chunks (never the whole upload in memory), each checked (known indicator, period string, CBS area
code, a number; `;`-separated files may use decimal commas), and copied into a temporary staging table with
PostgreSQL's COPY. Any bad row rejects the batch with its line number and reason, and the transaction rolls back:
nothing of it is written. Otherwise one set-based merge writes the batch: a new (indicator, period, area) is version
1; a different value for an existing one is a correction (a new version; the old one stays readable, no longer
current); the same value again writes nothing. Values are readable the moment the transaction commits.
"""

from __future__ import annotations

import csv
import json
import re
import uuid
from collections.abc import AsyncIterator, Iterable
from decimal import Decimal, InvalidOperation

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.contracts.indicatoren import MetingenVastgelegd
from stuurcyclus_common.errors import InvalidInput, InvalidParam, Unprocessable
from stuurcyclus_common.events import record_event
from stuurcyclus_common.gemeenten import area_belongs_to

from . import periods, schemas, service
from .gebieden import Register, register
from .models import EVENTS, Indicator

CHUNK = 20_000
MAX_ERRORS = 50
COLUMNS = ("indicator", "periode", "gebied", "waarde", "herkomst", "leverancier")
GEBIED = re.compile(r"^(GM\d{4}|WK\d{6}|BU\d{8})$")
HERKOMST = {"gemeente", "cbs", "partner"}
#: Explicit markers of a missing value (R writes NA, CBS a dot).
MISSING = {"NA", "na", "N/A", "."}
STAGING = "meting_staging"
STAGED = ("indicator_id", "periode", "periode_soort", "periode_start", "gebied", "waarde", "herkomst", "leverancier")


class _Batch:
    """Checks rows and collects what is wrong, by line number."""

    def __init__(
        self,
        tenant: str,
        codes: dict[str, uuid.UUID],
        herkomst: str,
        leverancier: str | None,
        register: Register | None = None,
    ) -> None:
        self.tenant = tenant
        self.codes = codes
        self.register = register
        self.missing = 0
        self.herkomst = herkomst
        self.leverancier = leverancier
        self.errors: list[InvalidParam] = []
        self.rows = 0

    def fail(self, line: int, field: str, reason: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(InvalidParam(name=f"line {line}: {field}", code="invalid", reason=reason))

    def record(self, line: int, values: dict[str, str | None], decimal_comma: bool) -> tuple | None:
        self.rows += 1
        code = (values.get("indicator") or "").strip()
        indicator_id = self.codes.get(code)
        if indicator_id is None:
            self.fail(line, "indicator", f"unknown indicator {code!r}")
            return None
        periode = (values.get("periode") or "").strip()
        try:
            soort, start = periods.parse(periode)
        except periods.PeriodError as exc:
            self.fail(line, "periode", str(exc))
            return None
        gebied = (values.get("gebied") or "").strip()
        if not GEBIED.match(gebied):
            self.fail(line, "gebied", f"not a CBS area code: {gebied!r}")
            return None
        if not area_belongs_to(gebied, self.tenant):
            self.fail(line, "gebied", f"{gebied} is not {self.tenant} or one of its wijken or buurten")
            return None
        if (
            self.register is not None
            and self.register.covers(start.year)
            and not self.register.exists(gebied, start.year)
        ):
            self.fail(line, "gebied", f"{gebied} is not in the municipality's register of areas for {start.year}")
            return None
        raw = str(values.get("waarde") if values.get("waarde") is not None else "").strip()
        if raw in MISSING:
            self.missing += 1  # an explicit "no value": skipped and counted, never an error, never a zero
            return None
        try:
            waarde = Decimal(raw.replace(",", ".") if decimal_comma else raw)
            if not waarde.is_finite() or abs(waarde) >= Decimal(10) ** 14:
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            self.fail(line, "waarde", f"not a number: {raw!r}")
            return None
        herkomst = (values.get("herkomst") or self.herkomst).strip()
        if herkomst not in HERKOMST:
            self.fail(line, "herkomst", f"must be one of {sorted(HERKOMST)}")
            return None
        leverancier = (values.get("leverancier") or self.leverancier or None) or None
        return (indicator_id, periode, soort, start, gebied, waarde, herkomst, leverancier, line)


async def _codes(session: AsyncSession, tenant: str) -> dict[str, uuid.UUID]:
    return dict((await session.execute(select(Indicator.code, Indicator.id).where(Indicator.tenant == tenant))).all())


async def _staging(session: AsyncSession):  # noqa: ANN202
    await session.execute(
        text(
            f"CREATE TEMP TABLE IF NOT EXISTS {STAGING} (indicator_id uuid, periode text, periode_soort text, "
            "periode_start date, gebied text, waarde numeric, herkomst text, leverancier text, line int) "
            "ON COMMIT DROP"
        )
    )
    await session.execute(text(f"TRUNCATE {STAGING}"))
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    return raw.driver_connection


async def _copy(driver, records: list[tuple]) -> None:  # noqa: ANN001
    if records:
        await driver.copy_records_to_table(
            STAGING,
            records=records,
            columns=[*STAGED, "line"],
        )


async def _duplicates(session: AsyncSession, batch: _Batch) -> None:
    """The same indicator, period and area twice in one batch is ambiguous: name the last line of each."""
    rows = await session.execute(
        text(
            f"SELECT max(line) AS line FROM {STAGING} GROUP BY indicator_id, periode, gebied HAVING count(*) > 1 "
            f"ORDER BY line LIMIT {MAX_ERRORS}"
        )
    )
    for (line,) in rows:
        batch.fail(line, "gebied", "the same indicator, period and area appear earlier in this batch")


async def _merge(session: AsyncSession, tenant: str, batch: _Batch) -> schemas.IngestResult:
    await _duplicates(session, batch)  # with the other errors: every bad row in one answer
    if batch.errors:
        batch.errors.sort(key=lambda e: int(e.name.split(":")[0].removeprefix("line ")))
        raise Unprocessable(
            f"{len(batch.errors)}{'+' if len(batch.errors) >= MAX_ERRORS else ''} bad row(s), first at "
            f"{batch.errors[0].name}: {batch.errors[0].reason}. Nothing of the batch was written.",
            code="rows_invalid",
            invalid_params=batch.errors,
        )
    counts = (
        await session.execute(
            text(
                f"""
                WITH incoming AS (
                    SELECT s.*, m.versie AS oude_versie
                    FROM {STAGING} s
                    LEFT JOIN indicatoren.meting m
                      ON m.actueel AND m.tenant = :tenant AND m.indicator_id = s.indicator_id
                     AND m.periode = s.periode AND m.gebied = s.gebied
                    WHERE m.id IS NULL OR m.waarde <> s.waarde
                ), retired AS (
                    UPDATE indicatoren.meting m SET actueel = false
                    FROM incoming i
                    WHERE i.oude_versie IS NOT NULL AND m.actueel AND m.tenant = :tenant
                      AND m.indicator_id = i.indicator_id AND m.periode = i.periode AND m.gebied = i.gebied
                    RETURNING 1
                ), inserted AS (
                    INSERT INTO indicatoren.meting (tenant, indicator_id, periode, periode_soort, periode_start, gebied,
                                                    waarde, herkomst, leverancier, versie, actueel)
                    SELECT :tenant, indicator_id, periode, periode_soort, periode_start, gebied, waarde, herkomst,
                           leverancier, coalesce(oude_versie, 0) + 1, true
                    FROM incoming
                    RETURNING versie, indicator_id
                )
                SELECT count(*) FILTER (WHERE versie = 1), count(*) FILTER (WHERE versie > 1),
                       (SELECT count(*) FROM retired), array_agg(DISTINCT indicator_id)
                FROM inserted
                """
            ),
            {"tenant": tenant},
        )
    ).one()
    nieuw, gecorrigeerd, changed_ids = int(counts[0]), int(counts[1]), counts[3] or []
    if changed_ids:
        codes = {indicator_id: code for code, indicator_id in batch.codes.items()}
        event = MetingenVastgelegd(
            batchId=uuid.uuid4(),
            indicatoren=sorted(codes[i] for i in changed_ids),
            nieuw=nieuw,
            gecorrigeerd=gecorrigeerd,
            herkomst=batch.herkomst,
            leverancier=batch.leverancier,
        )
        await record_event(session, EVENTS, event, tenant=tenant, subject=str(event.batchId))
        await service.announce_course_changes(session, tenant, list(changed_ids))
    return schemas.IngestResult(
        rijen=batch.rows,
        nieuw=nieuw,
        gecorrigeerd=gecorrigeerd,
        ongewijzigd=batch.rows - nieuw - gecorrigeerd - batch.missing,
        ontbrekend=batch.missing or None,
    )


async def record(
    session: AsyncSession,
    tenant: str,
    rows: Iterable[schemas.MetingCreate],
    *,
    herkomst: str = "gemeente",
    leverancier: str | None = None,
) -> schemas.IngestResult:
    """Record measurements given as objects (the JSON API, partners' reports); same rules as a bulk upload."""
    batch = _Batch(tenant, await _codes(session, tenant), herkomst, leverancier, await register(session, tenant))
    driver = await _staging(session)
    records = [
        r
        for line, row in enumerate(rows, start=1)
        if (r := batch.record(line, row.model_dump(mode="json"), decimal_comma=False)) is not None
    ]
    await _copy(driver, records)
    return await _merge(session, tenant, batch)


async def ingest_lines(
    session: AsyncSession,
    tenant: str,
    lines: AsyncIterator[str],
    fmt: str,
    *,
    herkomst: str = "gemeente",
    leverancier: str | None = None,
) -> schemas.IngestResult:
    """A streamed upload: CSV (`,` or `;`, header first) or NDJSON (one JSON object per line)."""
    batch = _Batch(tenant, await _codes(session, tenant), herkomst, leverancier, await register(session, tenant))
    driver = await _staging(session)
    header: list[str] | None = None
    delimiter, decimal_comma = ",", False
    line_no, chunk, start_line = 0, [], 1
    async for line in lines:
        line_no += 1
        if fmt == "csv" and header is None:
            delimiter = ";" if line.count(";") > line.count(",") else ","
            decimal_comma = delimiter == ";"
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
            await _copy(driver, _parse_chunk(batch, chunk, fmt, header, delimiter, decimal_comma))
            chunk = []
    if chunk:
        await _copy(driver, _parse_chunk(batch, chunk, fmt, header, delimiter, decimal_comma))
    if fmt == "csv" and header is None and not batch.errors:
        batch.fail(start_line, "header", "the file is empty")
    return await _merge(session, tenant, batch)


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
            return self.register.by_key.get(key) or (key if GEBIED.match(key) else None)
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
) -> schemas.IngestResult:
    """A monitor's own export: one row per area (keyed by a local number or a CBS code in column `kolom`), one column
    per indicator code, no period in the file (given as `periode`). `NA`, `.` and empty cells are missing values:
    skipped and counted. Every bad cell, row and column is named in one answer; nothing is written then."""
    area_register = await register(session, tenant)
    keys = KeyRule(rule, area_register)
    batch = _Batch(tenant, await _codes(session, tenant), herkomst, leverancier, area_register)
    try:
        periods.parse(periode)
    except periods.PeriodError as exc:
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
            delimiter = ";" if line.count(";") > line.count(",") else ","
            decimal_comma = delimiter == ";"
            header = [h.strip() for h in next(csv.reader([line], delimiter=delimiter))]
            if kolom not in header:
                batch.fail(1, "header", f"no column {kolom!r} (the area column, query.gebiedKolom)")
                break
            area_index = header.index(kolom)
            for i, name in enumerate(header):
                if i == area_index:
                    continue
                if name not in batch.codes:
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
            if raw == "" or raw in MISSING:
                batch.rows += 1
                batch.missing += 1
                continue
            values = {"indicator": code, "periode": periode, "gebied": gebied, "waarde": raw}
            before = len(batch.errors)
            if (r := batch.record(line_no, values, decimal_comma)) is not None:
                records.append(r)
            for error in batch.errors[before:]:  # a cell is named by its column
                error.name = error.name.replace(": waarde", f": {code}")
        if len(records) >= CHUNK:
            await _copy(driver, records)
            records = []
    await _copy(driver, records)
    if header is None and not batch.errors:
        batch.fail(1, "header", "the file is empty")
    return await _merge(session, tenant, batch)


def _csv_rows(batch: _Batch, chunk: list[tuple[int, str]], delimiter: str) -> list[tuple[int, list[str]]]:
    """The cells of each line; a line the csv module cannot read (a NUL byte, a stray line break) is a bad row named
    by its number, never an error of the server."""
    try:
        parsed = list(csv.reader((line for _, line in chunk), delimiter=delimiter))
        if len(parsed) == len(chunk):
            return list(zip((n for n, _ in chunk), parsed, strict=True))
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
    batch: _Batch,
    chunk: list[tuple[int, str]],
    fmt: str,
    header: list[str] | None,
    delimiter: str,
    decimal_comma: bool,
) -> list[tuple]:
    records = []
    if fmt == "csv":
        assert header is not None
        for line_no, cells in _csv_rows(batch, chunk, delimiter):
            values = dict(zip(header, cells, strict=False))
            if (r := batch.record(line_no, values, decimal_comma)) is not None:
                records.append(r)
    else:
        for line_no, line in chunk:
            try:
                values = json.loads(line)
                if not isinstance(values, dict):
                    raise ValueError
            except ValueError:
                batch.fail(line_no, "row", "not a JSON object")
                continue
            values = {k: (None if v is None else str(v)) for k, v in values.items()}
            if (r := batch.record(line_no, values, False)) is not None:
                records.append(r)
    return records  # staged even after an error: duplicates among them are found in the same pass
