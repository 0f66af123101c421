"""Import of CBS Iv3 files (income and expenses per task field, per municipality and year), as the files come.

The file (`../shared/data/iv3/…`, see its README) is `;`-separated, amounts in thousands of euros with a decimal
point (`71255.0` = € 71,255,000), empty cells for no figure, task fields as `<code> <label>` with labels that are
cut, padded or renamed over the years (so rows are keyed by code), municipalities by *name* (mapped to CBS codes
by the platform's one list, `stuurcyclus_common.gemeenten`, or a list you give), and a national total row
(`Nederland`) that is not a municipality. Every row is checked first; one bad row rejects the file with its line
number, and nothing is written. Re-importing the same file changes nothing; a file of another year adds that year.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy import select, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.errors import InvalidParam, Unprocessable
from stuurcyclus_common.gemeenten import codes_by_name

from ..models import Iv3Bedrag, Iv3Gemeente
from . import cijfers

BRONNEN = ("begroting", "jaarrekening")
HEADER = ["Gemeenten", "Taakveld", "L1.1 Salarissen en sociale lasten", "Baten", "Lasten", "Provincie"]
AGGREGATES = {"Nederland"}
#: Any CBS task-field code: `0.10`, `6.1`, `6.71a`, `6.711` (the list from 2025 has three-digit sub-codes), then its
#: label (cut, padded or missing).
TAAKVELD = re.compile(r"^\s*(\d{1,2}\.\d{1,3}[a-z]?)(?:\s+(.*?))?\s*$")
THOUSAND_CENTS = Decimal(100_000)  # € 1,000 in cents
BATCH = 2000


def year_and_source(filename: str, jaar: int | None, bron: str | None) -> tuple[int, str]:
    """The year and source of a file: as given, else as its name says (`2024_begroting.csv`,
    `iv3-jaarrekening-2023.csv`). ValueError (saying what to give) when neither says it: no silent default."""
    named_year = re.search(r"(?<!\d)(20\d\d)(?!\d)", filename)
    named_source = re.search(r"begroting|jaarrekening", filename.lower())
    jaar = jaar or (int(named_year.group(1)) if named_year else None)
    bron = bron or (named_source.group(0) if named_source else None)
    missing = [what for what, value in (("--jaar", jaar), ("--bron", bron)) if value is None]
    if missing:
        raise ValueError(f"give {' and '.join(missing)}: the file name {filename!r} does not say it")
    if bron not in BRONNEN:
        raise ValueError(f"--bron must be one of {', '.join(BRONNEN)}, not {bron!r}")
    assert jaar is not None and bron is not None  # refused above when missing
    return int(jaar), bron


def default_codes() -> dict[str, str]:
    """Name → CBS code of the current municipalities (the platform's one list, `stuurcyclus_common.gemeenten`)."""
    return codes_by_name()


def read_codes(text: str) -> dict[str, str]:
    rows = csv.reader((line for line in io.StringIO(text) if not line.startswith("#")), delimiter=";")
    next(rows)
    return {name: code for name, code in rows}


@dataclass
class ImportResult:
    jaar: int
    bron: str
    gemeenten: int = 0
    rijen: int = 0
    nieuw: int = 0
    gewijzigd: int = 0
    ongewijzigd: int = 0
    overgeslagen: dict[str, int] = field(default_factory=dict)


def _cents(value: str, line: int, column: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    try:
        cents = Decimal(value.replace(",", ".")) * THOUSAND_CENTS
    except InvalidOperation:
        raise _bad(line, column, f"not a number: {value!r}") from None
    if cents != cents.to_integral_value():
        raise _bad(line, column, f"{value} thousand euros is not a whole number of cents")
    return int(cents)


def _cell(row: list[str], columns: dict[str, int], name: str) -> str:
    """An optional column's value ('' where the file lacks the column or the row is short)."""
    index = columns.get(name)
    return row[index].strip() if index is not None and index < len(row) else ""


def _int(value: str) -> int | None:
    value = value.strip()
    return int(value) if value.isdigit() else None


def _bad(line: int, column: str, reason: str) -> Unprocessable:
    return Unprocessable(
        f"Line {line}, {column}: {reason}. Nothing of the file was imported.",
        code="iv3_ongeldige_rij",
        invalid_params=[InvalidParam(name=f"line {line}: {column}", code="invalid", reason=reason)],
    )


def parse(lines: Iterable[str], jaar: int, bron: str, codes: dict[str, str]) -> tuple[list[dict], list[dict], dict]:
    """Rows of the file as table rows; raises on the first bad row (naming its line)."""
    reader = csv.reader(lines, delimiter=";")
    header = next(reader, None)
    if header is None or [h.strip() for h in header[: len(HEADER)]] != HEADER:
        raise _bad(1, "header", f"expected it to start with {';'.join(HEADER)}")
    columns = {name.strip(): i for i, name in enumerate(header)}
    gemeenten: dict[str, dict] = {}
    bedragen: dict[tuple[str, str], dict] = {}
    skipped: dict[str, int] = {}
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(HEADER):
            raise _bad(line, "row", f"has {len(row)} fields, expected at least {len(HEADER)}")
        naam = row[columns["Gemeenten"]].strip()
        if naam in AGGREGATES:
            skipped[naam] = skipped.get(naam, 0) + 1
            continue
        code = codes.get(naam)
        if code is None:
            raise _bad(line, "Gemeenten", f"unknown municipality {naam!r} (no CBS code for it)")
        match = TAAKVELD.match(row[columns["Taakveld"]])
        if match is None:
            raise _bad(
                line,
                "Taakveld",
                f"does not start with a CBS task-field code (e.g. 6.711): {row[columns['Taakveld']]!r}",
            )
        taakveld, omschrijving = match.groups()
        if (code, taakveld) in bedragen:
            raise _bad(line, "Taakveld", f"{taakveld} appears twice for {naam}")
        bedragen[(code, taakveld)] = dict(
            tenant=code,
            jaar=jaar,
            bron=bron,
            taakveld=taakveld,
            omschrijving=(omschrijving or "").rstrip(". ")[:200] or taakveld,
            baten_cent=_cents(row[columns["Baten"]], line, "Baten"),
            lasten_cent=_cents(row[columns["Lasten"]], line, "Lasten"),
            salarissen_cent=_cents(row[columns["L1.1 Salarissen en sociale lasten"]], line, "Salarissen"),
        )
        gemeenten.setdefault(
            code,
            dict(
                tenant=code,
                jaar=jaar,
                bron=bron,
                naam=naam,
                provincie=_cell(row, columns, "Provincie") or None,
                inwonertal=_int(_cell(row, columns, "Inwonertal")),
                gemeentegrootte=_cell(row, columns, "Gemeentegrootte") or None,
                stedelijkheid=_cell(row, columns, "Stedelijkheid") or None,
            ),
        )
    return list(gemeenten.values()), list(bedragen.values()), skipped


async def import_file(
    session: AsyncSession, path: Path, jaar: int, *, bron: str = "begroting", codes: dict[str, str] | None = None
) -> ImportResult:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return await import_lines(session, handle, jaar, bron=bron, codes=codes)


async def import_lines(
    session: AsyncSession,
    lines: Iterable[str],
    jaar: int,
    *,
    bron: str = "begroting",
    codes: dict[str, str] | None = None,
) -> ImportResult:
    """Check every row, then upsert; rows whose figures did not change are left untouched."""
    if bron not in BRONNEN:
        raise Unprocessable(f"bron must be one of {', '.join(BRONNEN)}, not {bron!r}.", code="iv3_bron")
    try:
        gemeenten, bedragen, skipped = parse(lines, jaar, bron, codes or default_codes())
    except csv.Error as exc:
        raise _bad(0, "row", f"not a CSV line: {exc}") from None
    result = ImportResult(jaar=jaar, bron=bron, gemeenten=len(gemeenten), rijen=len(bedragen), overgeslagen=skipped)
    existing = {
        (r.tenant, r.taakveld): (r.omschrijving, r.baten_cent, r.lasten_cent, r.salarissen_cent)
        for r in await session.execute(
            select(
                Iv3Bedrag.tenant,
                Iv3Bedrag.taakveld,
                Iv3Bedrag.omschrijving,
                Iv3Bedrag.baten_cent,
                Iv3Bedrag.lasten_cent,
                Iv3Bedrag.salarissen_cent,
            ).where(Iv3Bedrag.jaar == jaar, Iv3Bedrag.bron == bron)
        )
    }
    changed = []
    for row in bedragen:
        before = existing.get((row["tenant"], row["taakveld"]))
        after = (row["omschrijving"], row["baten_cent"], row["lasten_cent"], row["salarissen_cent"])
        if before is None:
            result.nieuw += 1
            changed.append(row)
        elif before != after:
            result.gewijzigd += 1
            changed.append(row)
        else:
            result.ongewijzigd += 1
    for start in range(0, len(changed), BATCH):
        stmt = insert(Iv3Bedrag).values(changed[start : start + BATCH])
        await session.execute(
            stmt.on_conflict_do_update(
                index_elements=["tenant", "jaar", "bron", "taakveld"],
                set_={c: stmt.excluded[c] for c in ("omschrijving", "baten_cent", "lasten_cent", "salarissen_cent")},
            )
        )
    described: list[str] = []  # municipalities whose name, size or class was new or changed
    if gemeenten:
        stmt = insert(Iv3Gemeente).values(gemeenten)
        columns = ("naam", "provincie", "inwonertal", "gemeentegrootte", "stedelijkheid")
        described = list(
            await session.scalars(
                stmt.on_conflict_do_update(
                    index_elements=["tenant", "jaar", "bron"],
                    set_={c: stmt.excluded[c] for c in columns},
                    where=tuple_(*(getattr(Iv3Gemeente, c) for c in columns)).is_distinct_from(
                        tuple_(*(stmt.excluded[c] for c in columns))
                    ),
                ).returning(Iv3Gemeente.tenant)
            )
        )
    await session.flush()
    if changed or described:  # an import that changes nothing publishes nothing (a restart's seed, a file sent twice)
        # every municipality of the file, also unchanged ones: the comparison of its size class may have changed
        await cijfers.announce(session, jaar, bron, [g["tenant"] for g in gemeenten])
    return result
