"""The rules an indicator value meets wherever it enters (`stuurcyclus_common.indicatorwaarden`), one case per way to
be wrong: the producer's edge and indicatoren's consumer call the same function."""

from __future__ import annotations

import pytest
from stuurcyclus_common.indicatorwaarden import area_refusal, period_refusal, refusals, value_refusal

GOOD = {"indicator": "S1-K06", "periode": "2024", "gebied": "GM0193", "waarde": "31,5"}


@pytest.mark.parametrize("gebied", ["GM0193", "WK019301", "BU01930101"])
def test_the_municipality_and_its_wijken_and_buurten_are_its_own(gebied: str) -> None:
    assert area_refusal(gebied, "GM0193") is None


@pytest.mark.parametrize(
    ("gebied", "words"),
    [
        ("GM0363", "is not GM0193"),
        ("WK036301", "is not GM0193"),
        ("BU03630000", "is not GM0193"),
        ("gm0193", "not a CBS area code"),
        ("WK01930", "not a CBS area code"),
        ("GM0193 ", "not a CBS area code"),
    ],
)
def test_another_municipalitys_area_or_no_area_code_is_refused(gebied: str, words: str) -> None:
    assert words in (area_refusal(gebied, "GM0193") or "")


@pytest.mark.parametrize("periode", ["2024", "2024S1", "2024Q3", "202403"])
def test_periods_as_cbs_writes_them(periode: str) -> None:
    assert period_refusal(periode) is None


@pytest.mark.parametrize("periode", ["2024H1", "2024S3", "2024Q5", "202413", "24", "1850", "2101"])
def test_other_periods_are_refused(periode: str) -> None:
    assert period_refusal(periode)


@pytest.mark.parametrize("waarde", ["12", "-3", "31,5", "31.5", "0.000001", "99999999999999"])
def test_decimal_values(waarde: str) -> None:
    assert value_refusal(waarde) is None


@pytest.mark.parametrize("waarde", ["veel", "1.2.3", "", "100000000000000", "1e5", "NaN"])
def test_other_values_are_refused(waarde: str) -> None:
    assert "not a number" in (value_refusal(waarde) or "")


def test_every_reason_at_once_each_naming_its_place() -> None:
    values = [
        GOOD,
        GOOD | {"gebied": "BU03630000", "periode": "2024H1"},
        GOOD | {"waarde": "veel"},
        dict(GOOD),  # the same indicator, period and area as the first
    ]
    found = {(p.name, p.code) for p in refusals(values, gemeente="GM0193")}
    assert found == {
        ("indicatorwaarden[1].gebied", "invalid"),
        ("indicatorwaarden[1].periode", "invalid"),
        ("indicatorwaarden[2].waarde", "invalid"),
        ("indicatorwaarden[2].gebied", "duplicate"),
        ("indicatorwaarden[3].gebied", "duplicate"),
    }
    assert refusals([GOOD], gemeente="GM0193") == []
