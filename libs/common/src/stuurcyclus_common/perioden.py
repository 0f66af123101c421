"""Periods as the municipality and CBS write them: `2024` (year), `2024S1` (half year), `2024Q3` (quarter), `202403`
(month). Each parses to its kind and first day, so series sort and compare correctly, and to the day after it ends,
so a report of one period shows values of another only once that one is over. One grammar for every service.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

PATTERN = re.compile(r"^(?P<year>\d{4})(?:(?P<half>S[12])|(?P<quarter>Q[1-4])|(?P<month>0[1-9]|1[0-2]))?$")
#: How many months a period of each kind covers.
MONTHS = {"jaar": 12, "halfjaar": 6, "kwartaal": 3, "maand": 1}


class PeriodError(ValueError):
    pass


@lru_cache(maxsize=4096)
def parse(period: str) -> tuple[str, date]:
    """`2024Q3` → (`kwartaal`, 2024-07-01). Raises PeriodError for anything else."""
    match = PATTERN.match(period)
    if match is None:
        raise PeriodError(f"not a period: {period!r} (use 2024, 2024S1, 2024Q3 or 202403)")
    year = int(match["year"])
    if not 1900 <= year <= 2100:
        raise PeriodError(f"year out of range in {period!r}")
    if match["half"]:
        return "halfjaar", date(year, 1 if match["half"] == "S1" else 7, 1)
    if match["quarter"]:
        return "kwartaal", date(year, 3 * (int(match["quarter"][1]) - 1) + 1, 1)
    if match["month"]:
        return "maand", date(year, int(match["month"]), 1)
    return "jaar", date(year, 1, 1)


def einde(periode: str) -> date:
    """The first day after `periode` (`2020S2` → 2021-01-01, `202007` → 2020-08-01). PeriodError for anything else."""
    kind, start = parse(periode)
    months = start.month - 1 + MONTHS[kind]
    return date(start.year + months // 12, months % 12 + 1, 1)


def binnen(periode: str, tot_en_met: str) -> bool:
    """Is `periode` over by the end of `tot_en_met`? (`2020` within `2020S2`: yes; within `2020S1`: not yet.)"""
    return einde(periode) <= einde(tot_en_met)
