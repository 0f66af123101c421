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


def _realised(row: dict) -> int:
    found = row.get("gerealiseerdCent")
    return found if found is not None else row["structureelCent"] + row["incidenteelCent"]


def savings_per_year(overview: dict) -> dict[int, dict[str, int]]:
    """Per year of the frame, over all tracks (cents): the target as the Totaalopgave counts it (the tracks' own lines
    and the lines charged to the prudence margin, as the source's total does) and what was realised in that year.
    What was realised before the frame's first year is not in any year (`voorKader`)."""
    per_jaar: dict[int, dict[str, int]] = {}
    for row in overview["doelRealisatie"]:
        totals = per_jaar.setdefault(row["jaar"], {"doel": 0, "gerealiseerd": 0})
        totals["doel"] += row["doelCent"] + row.get("beslagMargeCent", 0)
        totals["gerealiseerd"] += _realised(row)
    return per_jaar


@dataclass(frozen=True)
class SpoorJaar:
    """A track's year: its own target (its lines), its claim on the prudence margin apart, what it realised."""

    spoor: int | None
    jaar: int
    doel: int
    beslag: int
    gerealiseerd: int


def per_track(overview: dict) -> list[SpoorJaar]:
    return [
        SpoorJaar(r["spoor"], r["jaar"], r["doelCent"], r.get("beslagMargeCent", 0), _realised(r))
        for r in overview["doelRealisatie"]
    ]
