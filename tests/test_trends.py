"""The course judgement on its own (no database): every expected direction, and too little data."""

from __future__ import annotations

from decimal import Decimal

import pytest
from indicatoren.koers.trends import evaluate


def series(*values: float) -> list[Decimal]:
    return [Decimal(str(v)) for v in values]


@pytest.mark.parametrize(
    ("richting", "values", "status"),
    [
        ("afname", (41, 38, 36, 30), "op-koers"),
        ("afname", (30, 31, 29, 35), "uit-koers"),
        ("afname", (30, 10, 40, 20), "uit-koers"),  # the slope, not first vs last, decides
        ("toename", (1, 2), "op-koers"),
        ("toename", (5,), "onvoldoende-data"),
        ("toename", (), "onvoldoende-data"),
        ("stabiel", (100, 104, 97, 103), "op-koers"),
        ("stabiel", (100, 120), "uit-koers"),
        ("eerst-toename-dan-afname", (10, 14, 18), "op-koers"),  # still rising: the fall is expected later
        ("eerst-toename-dan-afname", (10, 18, 12, 9), "op-koers"),
        ("eerst-toename-dan-afname", (18, 12, 9), "uit-koers"),  # fell without rising first
        ("eerst-toename-dan-afname", (10, 12), "onvoldoende-data"),
        ("nader-te-bepalen", (1, 2, 3), "geen-verwachting"),
    ],
)
def test_course_per_expected_direction(richting: str, values: tuple, status: str) -> None:
    assert evaluate(richting, series(*values)).status == status


def test_the_judgement_carries_its_figures() -> None:
    koers = evaluate("afname", series(40, 38, 34))
    assert (koers.eerste, koers.laatste, koers.verandering) == (Decimal(40), Decimal(34), Decimal(-6))
    assert koers.verandering_relatief == Decimal("-0.1500")
    assert koers.helling == Decimal("-3.000000") and koers.punten == 3
    assert koers.reden == "Daalt: gemiddeld -3 per periode", "in Dutch words a policy adviser reads"


@pytest.mark.parametrize(
    ("richting", "values", "reden"),
    [
        ("toename", (1, 1.5), "Stijgt: gemiddeld 0,5 per periode"),
        ("toename", (3, 2), "Stijgt niet: gemiddeld -1 per periode"),
        ("afname", (2, 3), "Daalt niet: gemiddeld 1 per periode"),
        ("stabiel", (100, 101), "Stabiel: 1,0% veranderd sinds de eerste periode"),
        ("eerst-toename-dan-afname", (1, 3, 2),
         "Eerst gestegen, daarna gedaald (of nog stijgend): de hoogste waarde in periode 2 van 3"),
        ("afname", (1,), "1 periode gemeten; er zijn er 2 nodig"),
        ("nader-te-bepalen", (1, 2), "De verwachte richting moet nog worden bepaald"),
    ],
)  # fmt: skip
def test_every_reason_in_dutch_words(richting: str, values: tuple, reden: str) -> None:
    assert evaluate(richting, series(*values)).reden == reden
