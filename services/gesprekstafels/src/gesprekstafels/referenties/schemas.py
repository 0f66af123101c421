"""Bodies of the references this service keeps of other services' things."""

from __future__ import annotations

from stuurcyclus_common.schemas import Out


class IndicatorReferentieRead(Out):
    """An indicator as this service knows it (kept from indicatoren's events): calls and reports may name it."""

    code: str
    naam: str
    status: str
    versie: int
