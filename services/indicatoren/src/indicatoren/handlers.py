"""Event handlers of the indicatoren service: keep the read model of tracks in step with the sporen service."""

from __future__ import annotations

from stuurcyclus_common.contracts.sporen import SpoorAangemaakt, SpoorGewijzigd, SpoorSnapshot
from stuurcyclus_common.events import Subscription
from stuurcyclus_common.readmodel import versioned_reference

from .models import SpoorReferentie

apply_spoor = versioned_reference(
    SpoorReferentie.__table__,
    SpoorSnapshot,
    key=("spoor_id", "spoorId"),
    fields={"nummer": "nummer", "naam": "naam", "status": "status"},
)

SUBSCRIPTIONS = [
    Subscription(
        name="sporen",
        source_service="sporen",
        subjects=["sporen.spoor.>"],
        handlers={SpoorAangemaakt.event_name.type: apply_spoor, SpoorGewijzigd.event_name.type: apply_spoor},
    )
]
