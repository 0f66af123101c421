"""Does a measured series move the way the indicator expects? (*op koers* / *uit koers* / *onvoldoende data*)

The judgement uses the least-squares slope over the series (so one odd period does not flip it), and reports the
figures it rests on. Rules per expected direction:
- `toename` / `afname`: on course when the slope has the expected sign;
- `stabiel`: on course when the last value is within `STABLE_MARGIN` of the first;
- `eerst-toename-dan-afname`: on course while the series rises to (at most) one peak and falls after it; a series
  that is still rising is on course (the fall is expected later); one that falls first is not;
- `nader-te-bepalen`: no expectation yet, so no judgement (`geen-verwachting`).
At least two periods are needed (three for rise-then-fall).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from stuurcyclus_common import perioden

STABLE_MARGIN = Decimal("0.05")


@dataclass(frozen=True)
class Koers:
    status: str
    reden: str
    punten: int
    eerste: Decimal | None = None
    laatste: Decimal | None = None
    verandering: Decimal | None = None
    verandering_relatief: Decimal | None = None
    helling: Decimal | None = None


def slope(values: list[Decimal]) -> Decimal:
    """Least-squares slope per period of `values` taken at equal steps."""
    n = len(values)
    mean_x = Decimal(n - 1) / 2
    mean_y = sum(values, Decimal(0)) / n
    numerator = sum(((Decimal(i) - mean_x) * (y - mean_y) for i, y in enumerate(values)), Decimal(0))
    denominator = sum(((Decimal(i) - mean_x) ** 2 for i in range(n)), Decimal(0))
    return numerator / denominator


def within_one_definition(richting: str, values: list[Decimal], definities: list[str | None]) -> tuple[Koers, int]:
    """The course over the values of the latest value's definition only: values counted differently are never joined
    into one slope. Returns the judgement and how many of the latest values it rests on. Where the latest definition
    has too few values and earlier ones were counted otherwise, the course says they cannot be compared."""
    if not values or len(set(definities)) <= 1:
        return evaluate(richting, values), len(values)
    latest = definities[-1]
    same = [v for v, d in zip(values, definities, strict=True) if d == latest]
    koers = evaluate(richting, same)
    others = sorted({d or "onbekend" for d in definities if d != latest})
    if koers.status == "onvoldoende-data":
        reason = (
            f"Values of different definitions ({'; '.join(others)} versus {latest}) cannot be compared: "
            f"{len(same)} period(s) under the current definition."
        )
        return Koers("niet-vergelijkbaar", reason, len(same)), len(same)
    note = f" (judged over the current definition only; earlier values counted as: {'; '.join(others)})"
    return Koers(
        koers.status,
        koers.reden + note,
        koers.punten,
        koers.eerste,
        koers.laatste,
        koers.verandering,
        koers.verandering_relatief,
        koers.helling,
    ), len(same)


def definition_of(definities: list[dict], start: date) -> str | None:
    """The description of the definition in force for a period starting on `start` (None: no definitions)."""
    found = None
    for definitie in definities:
        if perioden.parse(definitie["vanaf"])[1] <= start:
            found = definitie["omschrijving"]
    return found if definities else None


def evaluate(richting: str, values: list[Decimal]) -> Koers:
    if richting == "nader-te-bepalen":
        return Koers("geen-verwachting", "The expected direction is still to be decided.", len(values))
    needed = 3 if richting == "eerst-toename-dan-afname" else 2
    if len(values) < needed:
        return Koers("onvoldoende-data", f"{len(values)} period(s) measured; {needed} needed.", len(values))
    first, last = values[0], values[-1]
    change = last - first
    relative = (change / abs(first)).quantize(Decimal("0.0001")) if first != 0 else None
    trend = slope(values).quantize(Decimal("0.000001"))
    figures: dict[str, Any] = dict(
        punten=len(values), eerste=first, laatste=last, verandering=change, verandering_relatief=relative, helling=trend
    )
    if richting == "toename":
        on = trend > 0
        reason = f"slope {trend} per period: {'rising' if on else 'not rising'}"
    elif richting == "afname":
        on = trend < 0
        reason = f"slope {trend} per period: {'falling' if on else 'not falling'}"
    elif richting == "stabiel":
        on = relative is not None and abs(relative) <= STABLE_MARGIN
        reason = f"changed {relative if relative is not None else change} since the first period"
    else:
        peak = max(range(len(values)), key=lambda i: values[i])
        rise, fall = values[: peak + 1], values[peak:]
        rising = len(rise) < 2 or slope(rise) >= 0
        falling = len(fall) < 2 or slope(fall) <= 0
        on = peak > 0 and rising and falling
        reason = f"peak in period {peak + 1} of {len(values)}; " + (
            "rose, then fell (or still rising)" if on else "did not rise first"
        )
    return Koers("op-koers" if on else "uit-koers", reason, **figures)
