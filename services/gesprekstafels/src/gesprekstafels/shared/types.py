"""Text shapes every sub-domain's bodies share (stripped, bounded)."""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

Naam = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


Regel = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]


Tekst = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10_000)]


Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]


Periode = Annotated[str, StringConstraints(pattern=r"^\d{4}(S[12]|Q[1-4]|(0[1-9]|1[0-2]))?$")]


Gebied = Annotated[str, StringConstraints(pattern=r"^(GM\d{4}|WK\d{6}|BU\d{8})$")]
