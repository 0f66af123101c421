"""Every indicator of Zwolle's seed has its unit (issue 30, item 2): `(%)` where the source writes it, euros for the
financial rows, numbers for the quantitative ones, and `nader-te-bepalen` where the source names none."""

from __future__ import annotations

from indicatoren import seed_zwolle


def test_every_seeded_indicator_has_its_unit_from_the_source() -> None:
    rows = {r["code"]: r for r in seed_zwolle.RIJEN}
    for indicator in seed_zwolle.indicators():
        row = rows[indicator["code"]]
        unit = indicator["eenheid"]
        assert unit, indicator["code"]
        if "(%)" in (row["indicator"] or ""):
            assert unit == "procent", indicator["code"]
        elif row["dimensie"] == "F":
            assert unit == "euro", indicator["code"]
        elif row["dimensie"] == "K":
            assert unit == "aantal", indicator["code"]
        else:
            assert unit == "nader-te-bepalen", indicator["code"]
    units = {i["code"]: i["eenheid"] for i in seed_zwolle.indicators()}
    assert units["S1-K06"] == "procent" and units["S1-K07"] == "procent", "Vrijwilligerswerk (%), Mantelzorg (%)"
    assert units["S2-F01"] == "euro" and units["S4-K01"] == "aantal"
