"""The target-against-realised chart of the savings, per year (summed over the tracks in the rows)."""

from __future__ import annotations

from stuurcyclus_common.charts import grouped_bars_svg

from .besparingen.schemas import DoelRealisatie


def doel_realisatie_svg(rows: list[DoelRealisatie], title: str, *, with_margin: bool) -> str:
    """`with_margin`: the target of all tracks together is the Totaalopgave's total, which counts the lines charged
    to the prudence margin as the source does; one track's target is its own lines only."""
    per_jaar: dict[int, dict[str, int]] = {}
    for row in rows:
        totals = per_jaar.setdefault(row.jaar, {"doel": 0, "gerealiseerd": 0})
        totals["doel"] += row.doel.cent + (row.beslag_marge.cent if with_margin else 0)
        totals["gerealiseerd"] += row.gerealiseerd.cent
    return grouped_bars_svg(per_jaar, title, ("doel", "gerealiseerd"))
