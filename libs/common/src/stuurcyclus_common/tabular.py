"""Reading the CSV that Dutch users export from Excel, as it comes: `;` or `,` between fields, a BOM, bare CR line
ends, amounts with decimal commas and thousands points (`€ 1.234,56`), dates as `31-01-2028` or ISO; and writing CSV
as Dutch Excel reads it (`excel_csv`)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation


def dialect_of(header: str) -> tuple[str, bool]:
    """The separator of a file by its header line, and whether its numbers use a decimal comma (the `;` kind)."""
    delimiter = ";" if header.count(";") > header.count(",") else ","
    return delimiter, delimiter == ";"


def rows_of(text: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header (lower case, trimmed) and each non-empty line as {column: value} with its line number (the header
    is line 1)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return [], []
    delimiter, _ = dialect_of(lines[first])
    reader = csv.reader(io.StringIO("\n".join(lines[first:])), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader)]
    rows = []
    for cells in reader:
        if any(c.strip() for c in cells):
            rows.append((first + reader.line_num, dict(zip(header, (c.strip() for c in cells), strict=False))))
    return header, rows


_AMOUNT = re.compile(r"^-?(?:\d+(?:[.,]\d+)*|[.,]\d{1,2})$")  # `.00`: a database export's zero


def cents(text: str) -> int:
    """An amount in euros as written by people (`1.234,56`, `1234.56`, `€ 40.000`, `10000`) in exact cents.

    With both `.` and `,` the last one is the decimal separator; a single one followed by exactly three digits groups
    thousands (amounts have two decimals at most); otherwise it is the decimal separator. Raises ValueError."""
    plain = text.replace("€", "").replace("\u00a0", "").replace(" ", "").strip()
    if not _AMOUNT.match(plain):
        raise ValueError(f"{text!r} is not an amount in euros")
    separators = [c for c in plain if c in ".,"]
    if len(set(separators)) == 2:
        decimal_sep = separators[-1]
        plain = plain.replace("," if decimal_sep == "." else ".", "").replace(decimal_sep, ".")
    elif separators:
        sep = separators[0]
        last = plain.rsplit(sep, 1)[1]
        plain = plain.replace(sep, "") if len(separators) > 1 or len(last) == 3 else plain.replace(sep, ".")
    try:
        value = Decimal(plain) * 100
    except InvalidOperation as exc:
        raise ValueError(f"{text!r} is not an amount in euros") from exc
    if value != value.to_integral_value():
        raise ValueError(f"{text!r} has more than two decimals")
    return int(value)


def day(text: str) -> date:
    """A date as ISO 8601 (`2028-01-31`) or as Dutch Excel writes it (`31-01-2028`, `31-1-2028`, `31/01/2028`)."""
    plain = text.strip()
    found = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", plain)
    try:
        if found:
            return date(int(found[3]), int(found[2]), int(found[1]))
        return date.fromisoformat(plain)
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a date (2028-01-31 or 31-01-2028)") from exc


def euros(cent: int) -> str:
    """Cents as Dutch Excel reads an amount in a `;` file: euros with a decimal comma, no thousands separator."""
    sign = "-" if cent < 0 else ""
    whole, rest = divmod(abs(cent), 100)
    return f"{sign}{whole},{rest:02d}"


#: What makes a spreadsheet read a cell as a formula (OWASP, CSV injection): `=`, `+`, `-`, `@`, tab, carriage return.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)*$")


def safe_cell(value: object) -> object:
    """A cell a spreadsheet opens as text, never as a formula: text starting with a formula character gets a leading
    `'` (which Excel and LibreOffice show as text and do not display); numbers stay numbers (`-12,50` as written)."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    text = str(value)
    if text.startswith(FORMULA_START) and not _NUMBER.match(text):
        return "'" + text
    return text


def csv_text(rows: Iterable[Iterable[object]], *, delimiter: str = ";") -> str:
    """The one CSV writer of the platform: every cell through `safe_cell`, CRLF line ends, quoted only where needed.
    Every CSV a route answers is written here (`tests/test_spreadsheet_safety.py` checks every CSV route)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue()


def excel_csv(rows: Iterable[Iterable[object]]) -> str:
    """Rows as Dutch Excel reads a CSV file: `;` between fields (the amounts in it written with a decimal comma by the
    caller, e.g. `euros`), safe to open (`csv_text`)."""
    return csv_text(rows, delimiter=";")
