"""Event handlers of the financien service: the tracks and ambitions its money is booked against."""

from __future__ import annotations

from stuurcyclus_common.contracts.sporen import (
    AmbitieAangemaakt,
    AmbitieGewijzigd,
    AmbitieSnapshot,
    SpoorAangemaakt,
    SpoorGewijzigd,
    SpoorSnapshot,
)
from stuurcyclus_common.events import Subscription
from stuurcyclus_common.readmodel import versioned_reference

from .models import AmbitieReferentie, SpoorReferentie

apply_spoor = versioned_reference(
    SpoorReferentie.__table__,
    SpoorSnapshot,
    key=("spoor_id", "spoorId"),
    fields={"nummer": "nummer", "naam": "naam", "status": "status"},
)
apply_ambitie = versioned_reference(
    AmbitieReferentie.__table__,
    AmbitieSnapshot,
    key=("ambitie_id", "ambitieId"),
    fields={"nummer": "nummer", "naam": "naam"},
)

SUBSCRIPTIONS = [
    Subscription(
        name="sporen",
        source_service="sporen",
        subjects=["sporen.spoor.>", "sporen.ambitie.>"],
        handlers={
            SpoorAangemaakt.event_name.type: apply_spoor,
            SpoorGewijzigd.event_name.type: apply_spoor,
            AmbitieAangemaakt.event_name.type: apply_ambitie,
            AmbitieGewijzigd.event_name.type: apply_ambitie,
        },
    )
]
