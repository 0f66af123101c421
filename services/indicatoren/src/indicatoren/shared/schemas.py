"""Bodies every sub-domain uses: codes, names, periods and CBS area codes."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60, pattern=r"^[\w.\-]+$")]
Naam = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Tekst = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
Periode = Annotated[str, StringConstraints(pattern=r"^\d{4}(S[12]|Q[1-4]|0[1-9]|1[0-2])?$"), Field(examples=["2024Q3"])]
Gebied = Annotated[str, StringConstraints(pattern=r"^(GM\d{4}|WK\d{6}|BU\d{8})$"), Field(examples=["BU01930101"])]
