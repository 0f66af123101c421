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

from stuurcyclus_common import nlformat as nl
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
            f"Waarden van verschillende definities ({'; '.join(others)} tegenover {latest}) zijn niet te vergelijken: "
            f"{_perioden(len(same))} onder de huidige definitie"
        )
        return Koers("niet-vergelijkbaar", reason, len(same)), len(same)
    note = f" (alleen beoordeeld over de huidige definitie; eerdere waarden telden als: {'; '.join(others)})"
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


def _perioden(n: int) -> str:
    return f"{n} periode" if n == 1 else f"{n} perioden"


def _per_periode(trend: Decimal) -> str:
    """The slope as a policy adviser reads it: Dutch digits, at most two decimals (`-157`, `12,5`)."""
    return nl.waarde(trend.quantize(Decimal("0.01")))


def evaluate(richting: str, values: list[Decimal]) -> Koers:
    if richting == "nader-te-bepalen":
        return Koers("geen-verwachting", "De verwachte richting moet nog worden bepaald", len(values))
    needed = 3 if richting == "eerst-toename-dan-afname" else 2
    if len(values) < needed:
        return Koers("onvoldoende-data", f"{_perioden(len(values))} gemeten; er zijn er {needed} nodig", len(values))
    first, last = values[0], values[-1]
    change = last - first
    relative = (change / abs(first)).quantize(Decimal("0.0001")) if first != 0 else None
    trend = slope(values).quantize(Decimal("0.000001"))
    figures: dict[str, Any] = dict(
        punten=len(values), eerste=first, laatste=last, verandering=change, verandering_relatief=relative, helling=trend
    )
    if richting == "toename":
        on = trend > 0
        reason = f"{'Stijgt' if on else 'Stijgt niet'}: gemiddeld {_per_periode(trend)} per periode"
    elif richting == "afname":
        on = trend < 0
        reason = f"{'Daalt' if on else 'Daalt niet'}: gemiddeld {_per_periode(trend)} per periode"
    elif richting == "stabiel":
        on = relative is not None and abs(relative) <= STABLE_MARGIN
        since = f"{nl.procent(relative, 1)}" if relative is not None else nl.getal(change, 2)
        reason = f"{'Stabiel' if on else 'Niet stabiel'}: {since} veranderd sinds de eerste periode"
    else:
        peak = max(range(len(values)), key=lambda i: values[i])
        rise, fall = values[: peak + 1], values[peak:]
        rising = len(rise) < 2 or slope(rise) >= 0
        falling = len(fall) < 2 or slope(fall) <= 0
        on = peak > 0 and rising and falling
        reason = (
            "Eerst gestegen, daarna gedaald (of nog stijgend)" if on else "Niet eerst gestegen"
        ) + f": de hoogste waarde in periode {peak + 1} van {len(values)}"
    return Koers("op-koers" if on else "uit-koers", reason, **figures)
