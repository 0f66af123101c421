"""The Dutch municipalities: their CBS codes and names, kept once for the whole platform.

A token's municipality (`gemeente`) must be one of these codes exactly; the Iv3 import maps the names its files use
to these codes; reports show the name beside the code. The list is `data/gemeenten.csv` (342 municipalities, the
list CBS has used since 1 January 2024); a municipal merger means a new list.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources


@cache
def gemeenten() -> dict[str, str]:
    """CBS code → name, e.g. `GM0193` → `Zwolle`."""
    text = resources.files(__package__).joinpath("data/gemeenten.csv").read_text(encoding="utf-8")
    rows = csv.reader((line for line in io.StringIO(text) if not line.startswith("#")), delimiter=";")
    next(rows)  # header
    return {code: naam for code, naam in rows}


def is_gemeente(code: object) -> bool:
    """True for a current CBS municipality code, exactly (`GM0193`; not `gm0193`, `GM0193 ` or `GM9999`)."""
    return isinstance(code, str) and code in gemeenten()


def naam(code: str) -> str:
    """The municipality's name (`Zwolle`), or the code itself where it is not a current municipality."""
    return gemeenten().get(code, code)


def codes_by_name() -> dict[str, str]:
    """Name → CBS code (the Iv3 files name municipalities, not codes)."""
    return {name: code for code, name in gemeenten().items()}


def area_belongs_to(gebied: str, gemeente: str) -> bool:
    """True when a CBS area code is the municipality itself or one of its wijken or buurten (`GM0193`, `WK019301`,
    `BU01930101` for `GM0193`): the digits after the kind are the municipality's four first."""
    digits = gemeente[2:]
    return gebied == gemeente or (gebied[:2] in ("WK", "BU") and gebied[2:6] == digits)
