"""Routes: the tracks and ambitions this service knows (kept from sporen's events)."""

from __future__ import annotations

from stuurcyclus_common.auth import FINANCE_STAFF, STAFF
from stuurcyclus_common.http import service_router
from stuurcyclus_common.readmodel import AmbitieReferentieRead, SpoorReferentieRead, add_reference_list

from ..models import AmbitieReferentie, SpoorReferentie

# The municipality's people and systems read the money (partners do not); finance staff change it.
router = service_router(read=STAFF, write=FINANCE_STAFF)


add_reference_list(router, "/sporen", SpoorReferentie, SpoorReferentieRead, SpoorReferentie.nummer, "Tracks known here")


add_reference_list(
    router, "/ambities", AmbitieReferentie, AmbitieReferentieRead, AmbitieReferentie.nummer, "Ambitions known here"
)
