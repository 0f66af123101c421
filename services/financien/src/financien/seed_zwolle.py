"""Zwolle's savings, budget lines, savings frames and realisations as seed data: read from
`data/zwolle_financien.json`, which says where every figure comes from (its `bron`, and each record's own `bron`
where the sources differ). Amounts are in euro cents.

JSON keys are text: targets and margins are keyed by year, made numbers again here.
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

_DATA: dict[str, Any] = json.loads(files(__package__).joinpath("data/zwolle_financien.json").read_text("utf-8"))

#: Where the data comes from (the sources' documents and sections).
BRON: str = _DATA["bron"]
LIJNEN: list[dict[str, Any]] = [
    line | {"doelen": {int(jaar): cent for jaar, cent in line["doelen"].items()}} if "doelen" in line else line
    for line in _DATA["LIJNEN"]
]
BEHOEDZAAMHEIDSMARGE: dict[int, int] = {int(jaar): cent for jaar, cent in _DATA["BEHOEDZAAMHEIDSMARGE"].items()}
POSTEN: list[dict[str, Any]] = _DATA["POSTEN"]
KADERS: list[dict[str, Any]] = _DATA["KADERS"]
#: Realised savings: of a line (`lijn`, its code) or of a track only (`lijn` null) where the source names no line.
REALISATIES: list[dict[str, Any]] = _DATA["REALISATIES"]
#: Peers Zwolle named itself (with the reason and year), beside CBS's size class.
VERGELIJKINGSGROEPEN: list[dict[str, Any]] = _DATA["VERGELIJKINGSGROEPEN"]
