"""The event envelope (CloudEvents 1.0 attribute names, structured JSON) and the catalogue of event contracts.

A contract is a pydantic model of an event's `data`, registered with `@contract(service, entity, action, version)`.
Its CloudEvents `type` is `nl.stuurcyclus.<service>.<entity>.<action>.v<version>`; it travels on the NATS subject
`<prefix>.<service>.<entity>.<action>` (the version is in the type, not the subject, so a consumer of a subject
sees every version and picks the ones it understands). A breaking change is a new version, never an edit.
"""

from __future__ import annotations

import uuid
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from ..logs import get_correlation_id

TYPE_NAMESPACE = "nl.stuurcyclus"

#: Id of the event being handled (set by the consumer), so that events it causes name their cause.
current_causation_id: ContextVar[str | None] = ContextVar("causation_id", default=None)


@dataclass(frozen=True)
class EventName:
    service: str
    entity: str
    action: str
    version: int

    @property
    def type(self) -> str:
        return f"{TYPE_NAMESPACE}.{self.service}.{self.entity}.{self.action}.v{self.version}"

    def subject(self, prefix: str) -> str:
        return f"{prefix}.{self.service}.{self.entity}.{self.action}"

    @property
    def source(self) -> str:
        return f"/stuurcyclus/{self.service}"


class EventData(BaseModel):
    """Base of every event payload. Unknown fields are ignored so that additive changes stay compatible."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    event_name: ClassVar[EventName]


#: Every registered contract by CloudEvents type: the one catalogue the AsyncAPI document is generated from.
CATALOGUE: dict[str, type[EventData]] = {}

D = TypeVar("D", bound=type[EventData])


def contract(service: str, entity: str, action: str, version: int) -> Any:
    """Register an event payload model under its versioned type."""

    def register(cls: D) -> D:
        name = EventName(service, entity, action, version)
        if name.type in CATALOGUE:
            raise ValueError(f"event type registered twice: {name.type}")
        cls.event_name = name
        CATALOGUE[name.type] = cls
        return cls

    return register


def subject_for_type(event_type: str, prefix: str) -> str:
    """`nl.stuurcyclus.sporen.spoor.aangemaakt.v1` → `<prefix>.sporen.spoor.aangemaakt`."""
    parts = event_type.removeprefix(TYPE_NAMESPACE + ".").split(".")
    return ".".join([prefix, *parts[:-1]])


P = TypeVar("P", bound=EventData)


class EventEnvelope(BaseModel):
    """One domain event on the wire (CloudEvents 1.0 structured mode, JSON)."""

    model_config = ConfigDict(extra="ignore")

    specversion: Literal["1.0"] = "1.0"
    id: uuid.UUID = Field(default_factory=uuid.uuid4, description="Unique event id; also the JetStream Nats-Msg-Id.")
    source: str = Field(description="The service that emitted it, e.g. `/stuurcyclus/sporen`.")
    type: str = Field(description="Versioned event type, e.g. `nl.stuurcyclus.sporen.spoor.aangemaakt.v1`.")
    time: datetime = Field(default_factory=lambda: datetime.now(UTC))
    subject: str | None = Field(default=None, description="Id of the entity the event is about.")
    datacontenttype: Literal["application/json"] = "application/json"
    tenant: str = Field(pattern=r"^GM\d{4}$", description="CBS code of the municipality the event belongs to.")
    correlationid: str | None = Field(default=None, description="Correlation id of the request that started it.")
    causationid: str | None = Field(default=None, description="Id of the event that caused this one, if any.")
    data: dict[str, Any]

    @classmethod
    def wrap(cls, data: EventData, *, tenant: str, subject: str | None = None) -> EventEnvelope:
        """Envelope `data`, taking correlation and causation ids from the current context."""
        name = data.event_name
        return cls(
            source=name.source,
            type=name.type,
            subject=subject,
            tenant=tenant,
            correlationid=get_correlation_id(),
            causationid=current_causation_id.get(),
            data=data.model_dump(mode="json"),
        )

    def payload(self, model: type[P]) -> P:
        return model.model_validate(self.data)
