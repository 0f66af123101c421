"""Deadlines are dates in Europe/Amsterdam: "30 September" means until 23:59:59 that day, local (summer) time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def end_of_day(day: date) -> datetime:
    """The last moment of `day` in Amsterdam (23:59:59.999999 local), as an aware datetime."""
    return datetime.combine(day, time.max, tzinfo=AMSTERDAM)


def is_past(day: date, now: datetime | None = None) -> bool:
    """Whether the deadline `day` has passed at `now` (default: the current moment)."""
    return (now or datetime.now(UTC)) > end_of_day(day)


def end_of_month(year: int, month: int) -> date:
    first_of_next = date(year + (month == 12), month % 12 + 1, 1)
    return first_of_next - timedelta(days=1)


def today() -> date:
    """Today's date in Amsterdam (which is not UTC's after 22:00 or 23:00 UTC)."""
    return datetime.now(AMSTERDAM).date()
