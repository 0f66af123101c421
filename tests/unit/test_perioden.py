"""The end of a period, and which periods a report of a half year may show."""

from __future__ import annotations

from datetime import date

import pytest
from stuurcyclus_common.perioden import binnen, einde


@pytest.mark.parametrize(
    ("periode", "eind"),
    [("2020", date(2021, 1, 1)), ("2020S1", date(2020, 7, 1)), ("2020S2", date(2021, 1, 1)),
     ("2020Q3", date(2020, 10, 1)), ("2020Q4", date(2021, 1, 1)), ("202007", date(2020, 8, 1)),
     ("202012", date(2021, 1, 1))],
)  # fmt: skip
def test_the_first_day_after_a_period(periode: str, eind: date) -> None:
    assert einde(periode) == eind


def test_a_report_shows_only_periods_that_are_over() -> None:
    assert binnen("2020", "2020S2") and binnen("202007", "2020S2") and binnen("2019", "2020S1")
    assert not binnen("2020", "2020S1") and not binnen("2021", "2020S2") and not binnen("2020Q3", "2020S1")
    with pytest.raises(ValueError):
        einde("2020H1")
