"""HTTP routes of the financien service, under /api/v1/financien."""

from __future__ import annotations

from stuurcyclus_common.http import service_router
from stuurcyclus_common.readmodel import AmbitieReferentieRead, SpoorReferentieRead, add_reference_list

from .models import AmbitieReferentie, SpoorReferentie

router = service_router(tags=["financien"])
add_reference_list(router, "/sporen", SpoorReferentie, SpoorReferentieRead, SpoorReferentie.nummer, "Tracks known here")
add_reference_list(
    router, "/ambities", AmbitieReferentie, AmbitieReferentieRead, AmbitieReferentie.nummer, "Ambitions known here"
)
