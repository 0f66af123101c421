"""The report's figures as both renderings (HTML and PDF) show them: amounts, the Totaalopgave's rows, the chart."""

from __future__ import annotations

from dataclasses import dataclass

from stuurcyclus_common.charts import mln

#: The computed rows under the lines: label, and key in financien's overview.
TOTALS = (
    ("Besparing (totaal)", "totaal"),
    ("Behoedzaamheidsmarge", "behoedzaamheidsmarge"),
    ("waarvan beslag", "beslagOpMarge"),
)


@dataclass(frozen=True)
class Regel:
    """A row of the Totaalopgave: a savings line, or one of the computed totals (`totaal`)."""

    code: str
    naam: str
    spoor: object
    bedragen: list[str]
    totaal: bool = False


def mln_cell(amounts: dict, jaar: int) -> str:
    """€ mln with a decimal comma, as the source's table writes it; `–` where the year has no figure."""
    cent = amounts.get(str(jaar), amounts.get(jaar))
    return "–" if cent is None else mln(cent).replace(".", ",")


def totaalopgave(overview: dict) -> list[Regel]:
    jaren = overview["jaren"]
    rows = [
        Regel(lijn["code"], lijn["naam"], lijn["spoor"], [mln_cell(lijn["bedragen"], j) for j in jaren])
        for lijn in overview["lijnen"]
    ]
    rows += [Regel("", label, "", [mln_cell(overview[key], j) for j in jaren], totaal=True) for label, key in TOTALS]
    return rows


def savings_per_year(overview: dict) -> dict[int, dict[str, int]]:
    """Target and realised savings per year over all tracks (cents), for the report's chart."""
    per_jaar: dict[int, dict[str, int]] = {}
    for row in overview["doelRealisatie"]:
        totals = per_jaar.setdefault(row["jaar"], {"doel": 0, "gerealiseerd": 0})
        totals["doel"] += row["doelCent"]
        totals["gerealiseerd"] += row["structureelCent"] + row["incidenteelCent"]
    return per_jaar
