"""Event handlers of the gesprekstafels service: the ambitions it organises tables and calls around."""

from __future__ import annotations

from stuurcyclus_common.contracts.sporen import AmbitieAangemaakt, AmbitieGewijzigd, AmbitieSnapshot
from stuurcyclus_common.events import Subscription
from stuurcyclus_common.readmodel import versioned_reference

from .models import AmbitieReferentie

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
        subjects=["sporen.ambitie.>"],
        handlers={AmbitieAangemaakt.event_name.type: apply_ambitie, AmbitieGewijzigd.event_name.type: apply_ambitie},
    )
]
