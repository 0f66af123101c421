"""When a period ends: what a report of one period may show of values of another (never one not yet over).

Periods as the platform writes them: a year `2024`, a half year `2024S1`, a quarter `2024Q3`, a month `202403`.
"""

from __future__ import annotations

import re
from datetime import date

PERIODE = re.compile(r"^(?P<jaar>\d{4})(?:S(?P<half>[12])|Q(?P<kwartaal>[1-4])|(?P<maand>0[1-9]|1[0-2]))?$")


def einde(periode: str) -> date:
    """The first day after `periode` (`2020S2` → 2021-01-01, `202007` → 2020-08-01). ValueError for anything else."""
    found = PERIODE.fullmatch(periode)
    if found is None:
        raise ValueError(f"not a period: {periode!r} (expected 2024, 2024S1, 2024Q3 or 202403)")
    jaar = int(found["jaar"])
    months = 12
    if found["half"]:
        months = 6 * int(found["half"])
    elif found["kwartaal"]:
        months = 3 * int(found["kwartaal"])
    elif found["maand"]:
        months = int(found["maand"])
    return date(jaar + months // 12, months % 12 + 1, 1)


def binnen(periode: str, tot_en_met: str) -> bool:
    """Is `periode` over by the end of `tot_en_met`? (`2020` within `2020S2`: yes; within `2020S1`: not yet.)"""
    return einde(periode) <= einde(tot_en_met)
