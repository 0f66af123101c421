"""Zwolle's reform agenda as seed data: read from `data/zwolle_agenda.json`, which says where every part comes from
(its `bron`: the sources in `../shared/seeds/`). Amounts are in euro cents; texts are the sources' own words.

JSON keys are text: the interfaces of a track and the risks are keyed by a track's number, made numbers again here.
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

_DATA: dict[str, Any] = json.loads(files(__package__).joinpath("data/zwolle_agenda.json").read_text("utf-8"))

#: Where the data comes from (the sources' documents and sections).
BRON: str = _DATA["bron"]
SPOREN: list[dict[str, Any]] = [
    track | {"raakvlakken": {int(n): why for n, why in track.get("raakvlakken", {}).items()}}
    if "raakvlakken" in track
    else track
    for track in _DATA["SPOREN"]
]
BEWEGINGEN: list[dict[str, Any]] = _DATA["BEWEGINGEN"]
AMBITIES: list[dict[str, Any]] = _DATA["AMBITIES"]
AANDACHTSGROEPEN: list[str] = _DATA["AANDACHTSGROEPEN"]
OPGAVEN_2020: list[dict[str, Any]] = _DATA["OPGAVEN_2020"]
RISICOS_2020: dict[int, dict[str, Any]] = {int(n): risk for n, risk in _DATA["RISICOS_2020"].items()}
