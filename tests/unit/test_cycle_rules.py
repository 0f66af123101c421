"""The legal moves of an application and of the cycle's phases, and a ceiling's room, as pure rules."""

from __future__ import annotations

import pytest
from financien.besparingen.totaalopgave import compose_totaalopgave
from financien.plafonds.service import room
from gesprekstafels.aanvragen.statuses import HOLDS_MONEY, OPEN_STATUSES, TRANSITIONS, may_move
from gesprekstafels.cyclus.service import BY_CODE, FASEN
from stuurcyclus_common.contracts.gesprekstafels import AanvraagStatus

S = AanvraagStatus


def test_an_application_moves_forward_only_along_the_table() -> None:
    assert may_move("concept", "ingediend") and may_move("voorgesteld", "toegekend")
    assert not may_move("concept", "toegekend") and not may_move("ingediend", "voorgesteld")
    assert not may_move("afgewezen", "ingediend") and not may_move("vastgesteld", "ingetrokken")


@pytest.mark.parametrize("status", list(AanvraagStatus))
def test_every_status_can_be_withdrawn_until_it_is_settled_or_ended(status: AanvraagStatus) -> None:
    final = status in (S.AFGEWEZEN, S.INGETROKKEN, S.VASTGESTELD)
    assert (status not in TRANSITIONS) is final
    assert may_move(status, S.INGETROKKEN) is (not final)


def test_what_waits_and_what_holds_money_do_not_overlap() -> None:
    assert not set(OPEN_STATUSES) & set(HOLDS_MONEY)
    assert all(
        later in TRANSITIONS[S.IN_BEHANDELING] | TRANSITIONS[S.VOORGESTELD] | {S.VASTGESTELD} for later in HOLDS_MONEY
    )


def test_every_phase_needs_only_phases_that_exist_and_start_no_later_than_it() -> None:
    order = [fase.code for fase in FASEN]
    for fase in FASEN:
        for needed in fase.vereist:
            assert needed in BY_CODE and order.index(needed) < order.index(fase.code), (fase.code, needed)
            assert BY_CODE[needed].maanden[0] <= fase.maanden[0], (fase.code, needed)


@pytest.mark.parametrize("ceiling,in_use,left", [(1000, 0, 1000), (1000, 400, 600), (1000, 1000, 0), (500, 800, 0)])
def test_the_room_under_a_ceiling_is_never_negative(ceiling: int, in_use: int, left: int) -> None:
    assert room(ceiling, in_use) == left


def test_the_totaalopgave_is_its_lines_per_year_and_the_margin_claim_apart() -> None:
    a, b, c = "a", "b", "c"
    lijnen = [(a, "1.1", "Line one", 1, False), (b, "2.1", "Line two", 2, False), (c, "10", "Prudence", None, True)]
    doelen = [(a, 2024, 100), (a, 2025, 200), (b, 2025, 50), (c, 2025, 30)]
    opgave = compose_totaalopgave(lijnen, doelen, [(2025, 80), (2026, 90)])
    assert opgave.jaren == [2024, 2025, 2026]
    assert {j: t.cent for j, t in opgave.totaal.items()} == {2024: 100, 2025: 280, 2026: 0}
    assert {j: t.cent for j, t in opgave.beslag_op_marge.items()} == {2024: 0, 2025: 30, 2026: 0}
    assert opgave.behoedzaamheidsmarge[2024] is None and opgave.behoedzaamheidsmarge[2026].cent == 90
    assert [line.code for line in opgave.lijnen] == ["1.1", "2.1", "10"]
