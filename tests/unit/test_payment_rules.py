"""The payment schedule and the ledger's steps, as pure rules (no database): advances that add up to the cent, due
on the first day of each period, and one definition of "due"."""

from __future__ import annotations

from datetime import date

import pytest
from gesprekstafels.betalingen.schedule import plan, schedule, split
from gesprekstafels.betalingen.schemas import Betaalschema
from gesprekstafels.betalingen.steps import MAY_TAKE, OPEN, TRANSITIONS, is_due
from stuurcyclus_common.contracts.gesprekstafels import BetalingStatus
from stuurcyclus_common.errors import Unprocessable


@pytest.mark.parametrize("total,parts", [(100, 3), (1, 1), (999_999, 7), (12_345_67, 12), (4, 4)])
def test_a_split_adds_up_to_the_cent_and_only_the_last_part_differs(total: int, parts: int) -> None:
    amounts = split(total, parts)
    assert sum(amounts) == total and len(amounts) == parts
    assert len(set(amounts[:-1])) <= 1 and amounts[-1] >= amounts[0]


def test_quarterly_advances_fall_on_the_first_day_of_each_quarter_after_the_start() -> None:
    terms = plan(1_000_00, date(2027, 2, 15), date(2027, 12, 31), "kwartaal", 100)
    assert [d for _, d in terms] == [date(2027, 2, 15), date(2027, 4, 1), date(2027, 7, 1), date(2027, 10, 1)]
    assert sum(c for c, _ in terms) == 1_000_00


def test_monthly_advances_and_a_share_in_advance() -> None:
    terms = plan(1_200_00, date(2027, 1, 1), date(2027, 12, 31), "maand", 50)
    assert len(terms) == 12 and sum(c for c, _ in terms) == 600_00
    assert terms[-1][1] == date(2027, 12, 1)


def test_no_advance_of_zero_cents() -> None:
    assert plan(3, date(2027, 1, 1), date(2027, 12, 31), "maand", 100) == [
        (1, date(2027, 1, 1)),
        (1, date(2027, 2, 1)),
        (1, date(2027, 3, 1)),
    ]
    assert plan(1_000, date(2027, 1, 1), date(2027, 12, 31), "kwartaal", 0) == []


def test_the_default_schedule_is_the_calls_and_else_quarterly_in_full() -> None:
    rows = schedule(None, None, 400_00, date(2027, 1, 1), date(2027, 12, 31))
    assert [r["bedragCent"] for r in rows] == [100_00] * 4 and [r["volgnummer"] for r in rows] == [1, 2, 3, 4]
    once = schedule(
        None, {"frequentie": "eenmalig", "voorschotPercentage": 80}, 400_00, date(2027, 1, 1), date(2027, 12, 31)
    )
    assert once == [{"volgnummer": 1, "bedragCent": 320_00, "vervaldatum": "2027-01-01"}]


def test_terms_one_by_one_are_refused_above_the_grant_or_after_its_end() -> None:
    start, end = date(2027, 1, 1), date(2027, 12, 31)
    too_much = Betaalschema.model_validate({"termijnen": [{"bedragCent": 300, "vervaldatum": "2027-03-01"}] * 2})
    with pytest.raises(Unprocessable) as refused:
        schedule(too_much, None, 500, start, end)
    assert refused.value.invalid_params[0].name == "betaalschema.termijnen"
    late = Betaalschema.model_validate({"termijnen": [{"bedragCent": 100, "vervaldatum": "2028-01-02"}]})
    with pytest.raises(Unprocessable) as refused:
        schedule(late, None, 500, start, end)
    assert refused.value.invalid_params[0].name == "betaalschema.termijnen[0].vervaldatum"


def test_every_status_is_in_the_step_table_and_ends_are_final() -> None:
    assert set(TRANSITIONS) == set(BetalingStatus)
    assert TRANSITIONS[BetalingStatus.BETAALD] == set() and TRANSITIONS[BetalingStatus.GEANNULEERD] == set()
    assert all(step in MAY_TAKE for steps in TRANSITIONS.values() for step in steps)
    assert "partner" not in set().union(*MAY_TAKE.values())


@pytest.mark.parametrize("status", list(BetalingStatus))
def test_due_means_its_day_has_come_and_it_is_not_sent(status: BetalingStatus) -> None:
    day = date(2027, 4, 1)
    assert is_due(status, day, date(2027, 3, 31)) is False
    assert is_due(status, day, day) is (status in OPEN)
