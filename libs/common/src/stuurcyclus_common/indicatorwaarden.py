"""The rules an indicator value meets wherever it enters: one place, so that what a producer accepts at its edge is
what the consumer will accept from its event.

A partner's accountability report (gesprekstafels) carries indicator values that indicatoren turns into
measurements. Were the report's edge looser than indicatoren's checks, the partner would be told "saved" while the
values were refused a service further on. So both call `refusals` here: gesprekstafels before it answers, indicatoren
before it records (its bulk path checks the same rules set-based in SQL, and a unit test holds the two to the same
verdicts). What only the consumer can know — an area missing from its register of that year, an indicator it has
retired — is refused there and travels back as an event (`indicatoren.verantwoording.geweigerd`).

The reasons are the words indicatoren's bulk checks use, so a partner reads one sentence for one mistake.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from . import perioden
from .errors import InvalidParam
from .gemeenten import area_belongs_to

AREA = re.compile(r"^(GM\d{4}|WK\d{6}|BU\d{8})$")
NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")
#: The largest magnitude a measurement holds (numeric(20, 6) in indicatoren).
LIMIT = Decimal("1e14")


def period_refusal(periode: str) -> str | None:
    try:
        perioden.parse(periode)
    except perioden.PeriodError as exc:
        return str(exc)
    return None


def area_refusal(gebied: str, gemeente: str) -> str | None:
    if not AREA.match(gebied):
        return f"not a CBS area code: {gebied!r}"
    if not area_belongs_to(gebied, gemeente):
        return f"{gebied} is not {gemeente} or one of its wijken or buurten"
    return None


def value_refusal(waarde: str) -> str | None:
    text = waarde.strip()
    if not NUMBER.match(text):
        return f"not a number: {waarde!r}"
    try:
        if abs(Decimal(text.replace(",", "."))) >= LIMIT:
            return f"not a number: {waarde!r} (at most 14 digits before the decimal separator)"
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        return f"not a number: {waarde!r}"
    return None


def refusals(
    values: Iterable[Mapping[str, str]], *, gemeente: str, field: str = "indicatorwaarden"
) -> list[InvalidParam]:
    """Every reason to refuse a list of `{indicator, periode, gebied, waarde}`, each naming its place
    (`indicatorwaarden[2].gebied`): a period not written as CBS writes it, an area outside the municipality, a value
    that is not a number, and the same indicator, period and area twice."""
    found: list[InvalidParam] = []
    seen: set[tuple[str, str, str]] = set()
    for index, value in enumerate(values):
        at = f"{field}[{index}]"
        checks = (
            ("periode", period_refusal(value["periode"])),
            ("gebied", area_refusal(value["gebied"], gemeente)),
            ("waarde", value_refusal(value["waarde"])),
        )
        found += [InvalidParam(name=f"{at}.{name}", code="invalid", reason=reason) for name, reason in checks if reason]
        key = (value["indicator"], value["periode"], value["gebied"])
        if key in seen:
            reason = "the same indicator, period and area appear earlier in this batch"
            found.append(InvalidParam(name=f"{at}.gebied", code="duplicate", reason=reason))
        seen.add(key)
    return found
