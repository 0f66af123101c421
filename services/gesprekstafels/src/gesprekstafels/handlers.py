"""Event handlers of the gesprekstafels service: the ambitions it organises tables and calls around."""

from __future__ import annotations

from stuurcyclus_common.events import Subscription
from stuurcyclus_common.readmodel import ambitie_handlers

from .models import AmbitieReferentie

SUBSCRIPTIONS = [
    Subscription(
        name="sporen",
        source_service="sporen",
        subjects=["sporen.ambitie.>"],
        handlers=ambitie_handlers(AmbitieReferentie.__table__),
    )
]
