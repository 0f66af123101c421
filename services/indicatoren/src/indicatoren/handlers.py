"""Event handlers of the indicatoren service: keep the read model of tracks in step with the sporen service."""

from __future__ import annotations

from stuurcyclus_common.events import Subscription
from stuurcyclus_common.readmodel import spoor_handlers

from .models import SpoorReferentie

SUBSCRIPTIONS = [
    Subscription(
        name="sporen",
        source_service="sporen",
        subjects=["sporen.spoor.>"],
        handlers=spoor_handlers(SpoorReferentie.__table__),
    )
]
