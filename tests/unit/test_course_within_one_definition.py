"""A course is judged within one series: values that count different things are never joined into one slope."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from indicatoren.koers.trends import definition_of, within_one_definition

BW = [
    {"vanaf": "2019", "omschrijving": "cliënten die beschermd wonen"},
    {"vanaf": "2020", "omschrijving": "regionale doelgroep"},
]


def test_a_value_belongs_to_the_definition_in_force_for_its_period() -> None:
    assert definition_of(BW, date(2019, 1, 1)) == "cliënten die beschermd wonen"
    assert definition_of(BW, date(2020, 7, 1)) == "regionale doelgroep"
    assert definition_of(BW, date(2018, 1, 1)) is None  # before the first definition: none said
    assert definition_of([], date(2020, 1, 1)) is None


def test_two_definitions_with_one_value_each_cannot_be_compared() -> None:
    values = [Decimal(900), Decimal(1200)]
    koers, judged = within_one_definition("afname", values, ["cliënten die beschermd wonen", "regionale doelgroep"])
    assert koers.status == "niet-vergelijkbaar" and judged == 1
    assert "niet te vergelijken" in koers.reden and "regionale doelgroep" in koers.reden


def test_the_course_is_judged_over_the_latest_definition_only() -> None:
    values = [Decimal(900), Decimal(1200), Decimal(1100)]
    labels = ["oud", "nieuw", "nieuw"]
    koers, judged = within_one_definition("afname", values, labels)
    # Joined, 900 → 1200 → 1100 rises; within the new definition it falls: on course.
    assert (koers.status, judged, koers.eerste, koers.laatste) == ("op-koers", 2, Decimal(1200), Decimal(1100))
    assert "eerdere waarden telden als: oud" in koers.reden


def test_one_definition_or_none_is_judged_as_before() -> None:
    values = [Decimal(3), Decimal(2)]
    assert within_one_definition("afname", values, [None, None])[0].status == "op-koers"
    assert within_one_definition("afname", values, ["x", "x"])[0].status == "op-koers"
