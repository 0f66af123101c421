"""Events of the notificaties component (beside the gateway): the alert when a delivery runs out of retries."""

from __future__ import annotations

import uuid

from pydantic import Field

from ..events.envelope import EventData, Zichtbaarheid, contract


@contract("notificaties", "aflevering", "geparkeerd", version=1, zichtbaarheid=Zichtbaarheid.BEHEER)
class AfleveringGeparkeerd(EventData):
    """A notification could not be delivered after every retry: it is parked for replay. Alert on this."""

    afleveringId: uuid.UUID
    abonnementId: uuid.UUID
    callbackUrl: str
    kanaal: str
    eventId: uuid.UUID = Field(description="The domain event it carries (also the receiver's Idempotency-Key).")
    pogingen: int
    laatsteFout: str | None
