"""What the sub-domains' routes share: the code, period and area shapes in a path or query, documented refusals."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query
from stuurcyclus_common.responses import problem

INVALID_ROWS = problem(422, "Bad rows (each named by line); nothing was written.")
IndicatorCode = Annotated[str, Path(pattern=r"^[\w.\-]{1,60}$", description="Code of the indicator.")]
PeriodeQuery = Annotated[str | None, Query(pattern=r"^\d{4}(S[12]|Q[1-4]|0[1-9]|1[0-2])?$", description="e.g. 2024Q3")]
GebiedQuery = Annotated[
    str | None,
    Query(pattern=r"^(GM\d{4}|WK\d{6}|BU\d{8})$", description="CBS area code (default: the municipality)."),
]
