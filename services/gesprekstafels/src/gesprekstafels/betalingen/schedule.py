"""The payment schedule a grant states: its advances (*voorschotten*), without a database.

A frequency (`eenmalig`, `kwartaal`, `maand`) and a share of the grant, or the advances one by one; default the call's
`betaalwijze` (quarterly, 100%). Split in cents: every advance the same, the last takes the remainder, so they add up
exactly. Due on the first day of each period of the grant's term (the first on its start), Europe/Amsterdam.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..shared.rules import unprocessable
from . import schemas

MONTHS_PER = {"maand": 1, "kwartaal": 3}


def _period_starts(start: date, end: date, months: int) -> list[date]:
    """The start and then the first day of every later period (month or quarter of the calendar) up to `end`."""
    days = [start]
    month = ((start.month - 1) // months + 1) * months + 1  # the first month of the next period
    year = start.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    while date(year, month, 1) <= end:
        days.append(date(year, month, 1))
        month += months
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return days


def split(total_cent: int, parts: int) -> list[int]:
    """`total_cent` in `parts` equal amounts, the last one taking the remainder (deterministic, exact)."""
    base = total_cent // parts
    return [base] * (parts - 1) + [total_cent - base * (parts - 1)]


def plan(total_cent: int, start: date, end: date, frequentie: str, percentage: int) -> list[tuple[int, date]]:
    """The advances of a grant of `total_cent` over [start, end]: `percentage` of it, in cents, per period."""
    advance = total_cent * percentage // 100
    if advance == 0:
        return []
    days = [start] if frequentie == "eenmalig" else _period_starts(start, end, MONTHS_PER[frequentie])
    days = days[: max(1, min(len(days), advance))]  # never an advance of 0 cents
    return list(zip(split(advance, len(days)), days, strict=True))


def schedule(
    data: schemas.Betaalschema | None, default: dict | None, total_cent: int, start: date, end: date
) -> list[dict[str, Any]]:
    """The decision's advances as `[{volgnummer, bedragCent, vervaldatum}]`; refuses terms above the grant or
    after its end, naming the field."""
    if data is not None and data.termijnen is not None:
        terms = sorted(((t.bedrag_cent, t.vervaldatum) for t in data.termijnen), key=lambda t: t[1])
        for index, term in enumerate(data.termijnen):
            if term.vervaldatum > end:
                raise unprocessable(
                    f"betaalschema.termijnen[{index}].vervaldatum", f"lies after the grant's end ({end})", "na_einde"
                )
        if sum(cent for cent, _ in terms) > total_cent:
            raise unprocessable(
                "betaalschema.termijnen",
                f"the advances add up to more than the grant of {total_cent} cents",
                "te_groot",
            )
    else:
        default = default or {"frequentie": "kwartaal", "voorschotPercentage": 100}
        frequentie = (data.frequentie if data else None) or default["frequentie"]
        percentage = data.voorschot_percentage if data and data.voorschot_percentage is not None else None
        percentage = default["voorschotPercentage"] if percentage is None else percentage
        terms = plan(total_cent, start, end, frequentie, percentage)
    return [
        {"volgnummer": n, "bedragCent": cent, "vervaldatum": due.isoformat()}
        for n, (cent, due) in enumerate(terms, start=1)
    ]
