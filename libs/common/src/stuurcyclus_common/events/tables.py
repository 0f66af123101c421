"""The outbox and inbox tables, declared once and placed in each service's own schema.

- outbox: an event waiting to be published; written in the same transaction as the change it describes.
- inbox:  an event a consumer has applied; written in the same transaction as the handler's changes, so a
          redelivered event is recognised and applied once.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Identity,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID


@dataclass(frozen=True)
class EventTables:
    outbox: Table
    inbox: Table

    @property
    def notify_channel(self) -> str:
        """PostgreSQL NOTIFY channel that wakes this service's outbox relay after a commit."""
        return f"{self.outbox.schema}_outbox"


def event_tables(metadata: MetaData) -> EventTables:
    """Declare the outbox and inbox tables in `metadata` (the service's schema)."""
    outbox = Table(
        "outbox",
        metadata,
        Column("id", UUID(as_uuid=True), primary_key=True, comment="Event id (CloudEvents id, Nats-Msg-Id)"),
        Column("seq", BigInteger, Identity(always=True), nullable=False, unique=True, comment="Publication order"),
        Column("tenant", String(6), nullable=False),
        Column("type", String(200), nullable=False),
        Column("envelope", JSONB, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("attempts", Integer, nullable=False, server_default="0"),
        Column("claimed_until", DateTime(timezone=True), nullable=True, comment="Lease of the relay publishing it"),
        Column("last_error", Text, nullable=True),
    )
    inbox = Table(
        "inbox",
        metadata,
        Column("consumer", String(100), nullable=False),
        Column("event_id", UUID(as_uuid=True), nullable=False),
        Column("tenant", String(6), nullable=False),
        Column("type", String(200), nullable=False),
        Column("processed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        PrimaryKeyConstraint("consumer", "event_id"),
    )
    return EventTables(outbox=outbox, inbox=inbox)
