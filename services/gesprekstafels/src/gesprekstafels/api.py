"""HTTP routes of the gesprekstafels service, under /api/v1/gesprekstafels."""

from __future__ import annotations

from stuurcyclus_common.http import service_router
from stuurcyclus_common.readmodel import AmbitieReferentieRead, add_reference_list

from .models import AmbitieReferentie

router = service_router(tags=["gesprekstafels"])
add_reference_list(
    router, "/ambities", AmbitieReferentie, AmbitieReferentieRead, AmbitieReferentie.nummer, "Ambitions known here"
)
