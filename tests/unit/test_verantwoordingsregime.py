"""The tiers of accountability as pure rules (`verantwoording/regime.py`)."""

from __future__ import annotations

import hashlib

import pytest
from gesprekstafels.verantwoording.regime import (
    DEFAULT_REGIME,
    EXAMPLE_REGIME,
    decide_form,
    draw,
    refusal,
    report_due,
    tier_for,
)


@pytest.mark.parametrize(
    ("cent", "vorm"),
    [
        (1, "steekproef"),
        (1_000_000, "steekproef"),
        (1_000_001, "activiteitenverslag"),
        (10_000_000, "activiteitenverslag"),
        (10_000_001, "financieel-verslag"),
    ],
)
def test_a_tier_holds_its_upper_bound(cent: int, vorm: str) -> None:
    assert tier_for(cent, EXAMPLE_REGIME)["vorm"] == vorm


def test_without_tiers_every_grant_reports() -> None:
    assert decide_form(1, DEFAULT_REGIME, seed="x") == ("activiteitenverslag", None)
    assert report_due(None) and report_due("financieel-verslag") and not report_due("geen")


def test_the_draw_is_reproducible_and_near_its_share() -> None:
    seeds = [f"GM0193/call/{n}" for n in range(2000)]
    drawn = [draw(seed, 10)[0] for seed in seeds]
    assert drawn == [draw(seed, 10)[0] for seed in seeds], "the same seed always draws the same"
    assert 150 <= sum(drawn) <= 250, "about a tenth"
    chosen, digest = draw("GM0193/a/b", 10)
    assert digest == hashlib.sha256(b"GM0193/a/b").hexdigest()
    assert chosen is (int(digest, 16) % 10_000 < 1000)
    assert not any(draw(seed, 0)[0] for seed in seeds) and all(draw(seed, 100)[0] for seed in seeds)


def test_a_sample_records_its_draw_and_picks_the_form() -> None:
    form, record = decide_form(50_000, EXAMPLE_REGIME, seed="GM0193/u/a")
    assert record is not None and record["zaad"] == "GM0193/u/a" and record["percentage"] == 10
    assert form == ("activiteitenverslag" if record["getrokken"] else "geen")


@pytest.mark.parametrize(
    "tiers",
    [
        [{"totEnMetCent": 5, "vorm": "geen"}],
        [{"vorm": "geen"}, {"vorm": "geen"}],
        [{"totEnMetCent": 5, "vorm": "geen"}, {"totEnMetCent": 5, "vorm": "geen"}, {"vorm": "geen"}],
        [{"vorm": "steekproef"}],
        [{"vorm": "geen", "steekproefPercentage": 5}],
    ],
)
def test_tiers_that_cannot_stand(tiers: list[dict]) -> None:
    assert refusal(tiers)


def test_the_example_stands() -> None:
    assert refusal(EXAMPLE_REGIME) is None and refusal(DEFAULT_REGIME) is None
