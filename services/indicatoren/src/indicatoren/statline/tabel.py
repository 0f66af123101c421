"""A CBS StatLine table as CBS's download tools write it: one CSV per entity of the OData service.

`data.csv` holds the observations (a column per dimension with the category's key, a column per measure), the other
files describe them: `DataProperties.csv` the dimensions and measures (unit, decimals, definition), `Perioden.csv`
each period's status (`Definitief`, `Voorlopig`, `Nader voorlopig`), `RegioS.csv` and one file per other dimension
their categories. Every string is quoted, `,`-separated; keys are padded with spaces to a fixed width (`"NL01  "`);
a missing value is an empty cell (or `.` in the untyped set); descriptions run over several lines inside quotes.

Pure: bytes in, a `Tabel` out. The import (`service.py`) decides what is taken.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

#: StatLine's period keys: year `2016JJ00`, half year `2016HJ01`, quarter `2016KW03`, month `2016MM07`.
_PERIOD = re.compile(r"^(?P<jaar>\d{4})(?P<soort>JJ|HJ|KW|MM)(?P<nr>\d{2})$")
MAX_ZIP = 200 * 2**20


class TabelFout(ValueError):
    """The files are not a StatLine table: `veld` names the file (and column) at fault."""

    def __init__(self, veld: str, reden: str) -> None:
        super().__init__(f"{veld}: {reden}")
        self.veld = veld
        self.reden = reden


@dataclass(frozen=True)
class Onderwerp:
    """A measure (`Topic`) of the table."""

    key: str
    titel: str
    eenheid: str | None
    decimalen: int | None
    omschrijving: str | None


@dataclass
class Tabel:
    id: str | None
    titel: str | None
    onderwerpen: dict[str, Onderwerp] = field(default_factory=dict)
    #: Every dimension except region and period: key → {category key: title}.
    dimensies: dict[str, dict[str, str]] = field(default_factory=dict)
    #: The region dimension's key (`RegioS`, `WijkenEnBuurten`, …), the period dimension's key (`Perioden`).
    regio: str | None = None
    perioden_key: str | None = None
    #: Period key → its status as CBS gives it.
    status: dict[str, str] = field(default_factory=dict)
    rows: list[dict[str, str]] = field(default_factory=list)

    def observaties(self) -> Iterator[tuple[int, dict[str, str]]]:
        """The rows of data.csv with their line numbers (the header is line 1)."""
        yield from enumerate(self.rows, start=2)


def periode(key: str) -> str | None:
    """StatLine's period key as the platform writes periods, or None for a kind the platform does not keep (a
    multi-year average `2016X000`, …): `2016JJ00` → `2016`, `2016HJ01` → `2016S1`, `2016KW03` → `2016Q3`,
    `2016MM07` → `201607`."""
    match = _PERIOD.match(key.strip())
    if match is None:
        return None
    jaar, soort, nr = match["jaar"], match["soort"], int(match["nr"])
    if soort == "JJ":
        return jaar if nr == 0 else None
    if soort == "HJ":
        return f"{jaar}S{nr}" if nr in (1, 2) else None
    if soort == "KW":
        return f"{jaar}Q{nr}" if 1 <= nr <= 4 else None
    return f"{jaar}{nr:02d}" if 1 <= nr <= 12 else None


def voorlopig(status: str | None) -> bool:
    """`Voorlopig` and `Nader voorlopig` are provisional; `Definitief` (or no status) is not."""
    return status is not None and "voorlopig" in status.lower()


def files_of_zip(content: bytes) -> dict[str, bytes]:
    """The CSVs of a zipped download folder by their file name (the folder inside the zip does not matter)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise TabelFout("body", "is no zip file: zip the folder CBS's download tools wrote") from None
    files: dict[str, bytes] = {}
    total = 0
    for info in archive.infolist():
        name = info.filename.rsplit("/", 1)[-1]
        if info.is_dir() or not name.lower().endswith(".csv") or name.startswith("."):
            continue
        total += info.file_size
        if total > MAX_ZIP:
            raise TabelFout("body", f"unpacks to more than {MAX_ZIP // 2**20} MiB")
        files[name] = archive.read(info)
    return files


def _read(files: dict[str, bytes], name: str) -> list[dict[str, str]]:
    content = files.get(name)
    if content is None:
        raise TabelFout(name, "missing: a StatLine download has data.csv, DataProperties.csv and a file per dimension")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252")
    try:
        return list(csv.DictReader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise TabelFout(name, f"not a CSV file: {exc}") from None


def parse(files: dict[str, bytes]) -> Tabel:
    """The table described by its files. Dimension categories and periods are keyed without their padding."""
    return _build(lambda name: _read(files, name), "TableInfos.csv" in files)


def from_entities(entities: dict[str, list[dict[str, Any]]]) -> Tabel:
    """The table from its OData entities as a client returns them (`DataProperties`, `Perioden`, …, and the data set
    as `data`): the same reader as for the files, values as text (a missing one empty)."""

    def read(name: str) -> list[dict[str, str]]:
        rows = entities.get(name.removesuffix(".csv"))
        if rows is None:
            raise TabelFout(name, "missing from what CBS's service returned")
        return [{k: "" if v is None else str(v) for k, v in row.items()} for row in rows]

    return _build(read, "TableInfos" in entities)


def _build(read: Callable[[str], list[dict[str, str]]], has_info: bool) -> Tabel:
    properties = read("DataProperties.csv")
    info = read("TableInfos.csv")[:1] if has_info else []
    tabel = Tabel(
        id=(info[0].get("Identifier") or None) if info else None, titel=info[0].get("Title") if info else None
    )
    for prop in properties:
        kind, key = (prop.get("Type") or "").strip(), (prop.get("Key") or "").strip()
        if not key:
            continue
        if kind == "Topic":
            decimals = (prop.get("Decimals") or "").strip()
            tabel.onderwerpen[key] = Onderwerp(
                key=key,
                titel=(prop.get("Title") or key).strip(),
                eenheid=(prop.get("Unit") or "").strip() or None,
                decimalen=int(decimals) if decimals.isdigit() else None,
                omschrijving=(prop.get("Description") or "").strip() or None,
            )
        elif kind == "GeoDimension":
            tabel.regio = key
        elif kind == "TimeDimension":
            tabel.perioden_key = key
        elif kind == "Dimension":
            tabel.dimensies[key] = {
                (c.get("Key") or "").strip(): (c.get("Title") or "").strip() for c in read(f"{key}.csv")
            }
    if tabel.regio is None or tabel.perioden_key is None:
        raise TabelFout("DataProperties.csv", "names no region (GeoDimension) or period (TimeDimension) dimension")
    if not tabel.onderwerpen:
        raise TabelFout("DataProperties.csv", "names no measure (Topic)")
    for period in read(f"{tabel.perioden_key}.csv"):
        tabel.status[(period.get("Key") or "").strip()] = (period.get("Status") or "").strip()
    tabel.rows = read("data.csv")
    if tabel.rows:
        missing = [c for c in (tabel.regio, tabel.perioden_key, *tabel.dimensies) if c not in tabel.rows[0]]
        if missing:
            raise TabelFout("data.csv", f"has no column {', '.join(missing)} (named in DataProperties.csv)")
    return tabel
