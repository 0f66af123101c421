"""The words of a refused value: one per kind of pydantic error, an example where a shape is asked, no regex."""

from __future__ import annotations

import pytest
from stuurcyclus_common.foutmeldingen import language_of, reason


@pytest.mark.parametrize(
    "pattern,example",
    [
        (r"^\d{4}(S[12]|Q[1-4]|(0[1-9]|1[0-2]))?$", "2024, 2024S1, 2024Q3 of 202403"),
        (r"^\d{4}S[12]$", "2020S2"),
        (r"^(GM\d{4}|WK\d{6}|BU\d{8})$", "GM0193, WK019301 of BU01930101"),
        (r"^GM\d{4}$", "GM0193"),
        (r"^\d{8}$", "12345678"),
        (r"^\d{4}(-(0[1-9]|1[0-2]))?$", "2019-01"),
        (r"^-?\d{1,12}([.,]\d{1,6})?$", "31,5"),
    ],
)
def test_a_shape_is_said_with_an_example_never_with_its_pattern(pattern: str, example: str) -> None:
    said = reason({"type": "string_pattern_mismatch", "ctx": {"pattern": pattern}}, "periode", "nl")
    assert said.startswith("verwacht ") and example in said and "\\d" not in said and "^" not in said


def test_money_is_said_in_euro_cents_in_both_languages() -> None:
    assert "eurocenten" in reason({"type": "int_type"}, "bedragCent", "nl")
    assert "euro cents" in reason({"type": "int_parsing"}, "besteedCent", "en")
    assert "eurocent" in reason({"type": "greater_than_equal", "ctx": {"ge": 0}}, "bedragCent", "nl")


def test_the_language_is_the_callers_first_preference() -> None:
    assert language_of(None) == "nl" and language_of("en-GB,en;q=0.9") == "en" and language_of("nl,en;q=0.5") == "nl"
    assert reason({"type": "missing"}, "naam", "en") == "required field: it is missing"
    assert reason({"type": "literal_error", "ctx": {"expected": "'les' or 'resultaat'"}}, "soort", "nl") == (
        "verwacht een van: les, resultaat"
    )
