"""Figures as Dutch readers write them, one format per kind: `€ 37,0 mln` for an amount in running text or a
column of mixed amounts, `0,85` in a table headed "€ mln" (two decimals, as the agenda's own tables), `€ 1.234`,
`1.234`, `12,5%`, a date and time in Europe/Amsterdam. Display only: cents and exact decimals stay what is
computed and stored."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MAANDEN = (
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november",
    "december",
)  # fmt: skip


def getal(value: Decimal | int | float | str | None, decimalen: int = 0) -> str:
    """`1234.5` → `1.234,5` (with `decimalen=1`); `None` → `–`."""
    if value is None:
        return "–"
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimalen), rounding=ROUND_HALF_EVEN)
    text = f"{number:,.{decimalen}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def waarde(value: Decimal | int | float | str | None) -> str:
    """A measured value as exact as it was measured, without trailing zeros: `38.500000` → `38,5`."""
    if value is None:
        return "–"
    number = Decimal(str(value)).normalize()
    decimals = max(0, -number.as_tuple().exponent)  # type: ignore[operator]
    return getal(number, min(decimals, 6))


def mln(cent: int | None) -> str:
    """Cents as € mln with two decimals, for a table headed in € mln: `85000000` → `0,85`."""
    return "–" if cent is None else getal(Decimal(cent) / 100_000_000, 2)


def euro_mln(cent: int | None) -> str:
    """`3700000000` → `€ 37,0 mln`; two decimals where a tenth would round the amount (`95000000` → `€ 0,95 mln`,
    as the sources write it), rounded half to even from the cents below that."""
    if cent is None:
        return "–"
    return f"€ {getal(Decimal(cent) / 100_000_000, 1 if cent % 10_000_000 == 0 else 2)} mln"


def euro(cent: int | None) -> str:
    """Whole euros: `123456789` → `€ 1.234.568`."""
    return "–" if cent is None else f"€ {getal(Decimal(cent) / 100)}"


def procent(fraction: Decimal | float | None, decimalen: int = 1) -> str:
    """`0.125` → `12,5%`."""
    return "–" if fraction is None else f"{getal(Decimal(str(fraction)) * 100, decimalen)}%"


def datum_tijd(moment: datetime) -> str:
    """`2 december 2026, 10:15` in Europe/Amsterdam (summer or winter time, as the clock there says)."""
    local = moment.astimezone(AMSTERDAM)
    return f"{local.day} {MAANDEN[local.month - 1]} {local.year}, {local:%H:%M}"


def grootteklasse(code: str | None) -> str:
    """CBS's size class as written in its files (`100000tot150000inwoners`, `minderdan5000inwoners`,
    `250000inwoners` meaning 250.000 or more) as a reader writes it: `100.000 tot 150.000 inwoners`."""
    if not code:
        return "onbekende grootte"
    text = code.strip()
    if match := re.fullmatch(r"(\d+)tot(\d+)inwoners", text):
        return f"{getal(match[1])} tot {getal(match[2])} inwoners"
    if match := re.fullmatch(r"minderdan(\d+)inwoners", text):
        return f"minder dan {getal(match[1])} inwoners"
    if match := re.fullmatch(r"(\d+)(?:ofmeer)?inwoners", text):
        return f"{getal(match[1])} of meer inwoners"
    return text
