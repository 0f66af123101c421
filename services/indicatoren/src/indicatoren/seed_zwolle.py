"""Zwolle's indicator set as seed data: Bijlage 1 "Indicatoren per spoor" of the second half-year report 2020,
read from `data/bijlage1_2020S2.json` (its `bron` says how the rows were read from the source).

One record per cell of the source's tables: track, dimension (F = financiën, K = kwantiteit, Q = kwaliteit, none for
the rows of a movement A–D), the element of the uitklapmodel it belongs to, the expectation and the indicator as
written, and the expected direction read from their words.
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

_DATA: dict[str, Any] = json.loads(files(__package__).joinpath("data/bijlage1_2020S2.json").read_text("utf-8"))

#: Where the data comes from, and how the rows were read.
BRON: str = _DATA["bron"]
RIJEN: list[dict[str, Any]] = _DATA["RIJEN"]
MISSIES: dict[str, str] = _DATA["MISSIES"]
#: Indicator texts that mean there is no indicator (yet).
UNDECIDED = ("Nader te bepalen", "N.v.t.", "Nog in ontwikkeling")
LABELS = {"F": "Financiën", "K": "Kwantiteit", "Q": "Kwaliteit"}
DIMENSIES = {"F": "financien", "K": "kwantiteit", "Q": "kwaliteit", None: None}
BEWEGINGEN = {
    "A": "Van apart naar gewoon",
    "B": "Van deelprobleem naar totaaloplossing",
    "C": "Van zorgen voor naar zorgen dat",
    "D": "Van individuele zorg naar samenbrengen van vragen",
}


#: The unit where the source gives it: `(%)` in the indicator as written; else the dimension of its table says what is
#: counted — financiën in euros (costs, PxQ), kwantiteit in numbers. Quality and a movement's rows name no unit in
#: the source: `nader-te-bepalen`, said as the source says its indicators are, never a guess.
EENHEID_PER_DIMENSIE = {"F": "euro", "K": "aantal"}


def eenheid(row: dict[str, Any]) -> str:
    if "(%)" in (row["indicator"] or ""):  # `Vrijwilligerswerk (%)`; a count "ook als %" stays a count
        return "procent"
    return EENHEID_PER_DIMENSIE.get(row["dimensie"] or "", "nader-te-bepalen")


def indicators() -> list[dict]:
    """The records as indicator definitions (IndicatorCreate fields)."""
    result = []
    for row in RIJEN:
        spoor, element, beweging, indicator = row["spoor"], row["element"], row["beweging"], row["indicator"]
        label = indicator or "Nader te bepalen"
        context = element or (BEWEGINGEN[beweging] if beweging else LABELS[row["dimensie"]])
        naam = f"{context}: {label}" if context else label
        line = element.split(":")[0] if element and spoor == 3 else None
        result.append(
            dict(
                code=row["code"],
                naam=naam[:300],
                omschrijving=MISSIES.get(line) if line else None,
                spoor_nummer=spoor,
                niveau="interventie" if spoor == 3 else "beweging",
                dimensie=DIMENSIES[row["dimensie"]],
                beweging=beweging,
                verwachting=row["verwachting"],
                richting=row["richting"],
                eenheid=eenheid(row),
                status="actief" if indicator and not indicator.startswith(UNDECIDED) else "nader-te-bepalen",
                bron="Halfjaarrapportage Sociaal Domein 2020-2, Bijlage 1",
            )
        )
    return result
