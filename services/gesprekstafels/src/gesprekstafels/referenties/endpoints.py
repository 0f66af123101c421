"""Routes: the references this service keeps of other services' things (ambitions from sporen, indicators from
indicatoren), read by whoever drafts a call or an application."""

from __future__ import annotations

from stuurcyclus_common.auth import ALL_ROLES
from stuurcyclus_common.http import service_router
from stuurcyclus_common.readmodel import AmbitieReferentieRead, add_reference_list

from ..models import AmbitieReferentie, IndicatorReferentie
from .schemas import IndicatorReferentieRead

router = service_router(read=ALL_ROLES, write=frozenset())

add_reference_list(
    router, "/ambities", AmbitieReferentie, AmbitieReferentieRead, AmbitieReferentie.nummer, "Ambitions known here"
)
add_reference_list(
    router,
    "/indicatoren",
    IndicatorReferentie,
    IndicatorReferentieRead,
    IndicatorReferentie.code,
    "Indicators known here (a call names only these)",
)
