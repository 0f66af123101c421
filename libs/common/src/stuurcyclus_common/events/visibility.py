"""Who may see an event: the rule every contract declares (`Zichtbaarheid`), judged for one caller.

Fail-closed: an event of a type the catalogue does not know is for the municipality's staff only, and a partner
sees an event only where its contract declares it public or declares it the partner's and names that partner.
"""

from __future__ import annotations

from ..auth import INTEGRATORS, STAFF, Identity
from .envelope import CATALOGUE, EventEnvelope, Zichtbaarheid


def zichtbaarheid_of(event_type: str) -> Zichtbaarheid:
    contract = CATALOGUE.get(event_type)
    return contract.zichtbaarheid if contract is not None else Zichtbaarheid.GEMEENTE


def shown_to(envelope: EventEnvelope, identity: Identity) -> EventEnvelope:
    """The event as `identity` may see it: staff see it whole; others without the fields its contract keeps for the
    municipality's staff (a decision's deciders: their subjects and mandates)."""
    contract = CATALOGUE.get(envelope.type)
    hidden = contract.alleen_gemeente if contract is not None else frozenset()
    if identity.rol in STAFF or not hidden or not isinstance(envelope.data, dict):
        return envelope
    return envelope.model_copy(update={"data": {k: v for k, v in envelope.data.items() if k not in hidden}})


def may_see(envelope: EventEnvelope, identity: Identity) -> bool:
    """True when `identity` may see this event (its municipality's, and by its contract's visibility)."""
    if envelope.tenant != identity.gemeente:
        return False
    rule = zichtbaarheid_of(envelope.type)
    if rule is Zichtbaarheid.BEHEER:
        return identity.rol in INTEGRATORS
    if identity.rol in STAFF:
        return True
    if rule is Zichtbaarheid.OPENBAAR:
        return True
    if rule is Zichtbaarheid.PARTNER:
        partner = (envelope.data or {}).get("partner")
        return isinstance(partner, str) and partner == identity.organisatie
    return False
