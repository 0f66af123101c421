"""Domain events: envelope and catalogue, outbox (publish), inbox (consume once), streams, worker."""

from .consumer import ANY_TYPE, EventConsumer, Handler, Subscription
from .envelope import CATALOGUE, EventData, EventEnvelope, EventName, contract
from .outbox import OutboxRelay, record_event
from .tables import EventTables, event_tables

__all__ = [
    "ANY_TYPE",
    "CATALOGUE",
    "EventConsumer",
    "EventData",
    "EventEnvelope",
    "EventName",
    "EventTables",
    "Handler",
    "OutboxRelay",
    "Subscription",
    "contract",
    "event_tables",
    "record_event",
]
