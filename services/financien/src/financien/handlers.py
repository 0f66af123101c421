"""Event handlers of the financien service: the tracks and ambitions its money is booked against."""

from __future__ import annotations

from stuurcyclus_common.events import Subscription
from stuurcyclus_common.readmodel import ambitie_handlers, spoor_handlers

from .models import AmbitieReferentie, SpoorReferentie

SUBSCRIPTIONS = [
    Subscription(
        name="sporen",
        source_service="sporen",
        subjects=["sporen.spoor.>", "sporen.ambitie.>"],
        handlers=spoor_handlers(SpoorReferentie.__table__) | ambitie_handlers(AmbitieReferentie.__table__),
    )
]
