"""The target-against-realised chart of the savings, per year (summed over the tracks in the rows)."""

from __future__ import annotations

from stuurcyclus_common.charts import grouped_bars_svg

from . import schemas


def doel_realisatie_svg(rows: list[schemas.DoelRealisatie], title: str) -> str:
    per_jaar: dict[int, dict[str, int]] = {}
    for row in rows:
        totals = per_jaar.setdefault(row.jaar, {"doel": 0, "gerealiseerd": 0})
        totals["doel"] += row.doel.cent
        totals["gerealiseerd"] += row.gerealiseerd.cent
    return grouped_bars_svg(per_jaar, title, ("doel", "gerealiseerd"))
