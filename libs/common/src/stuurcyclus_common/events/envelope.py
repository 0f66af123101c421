"""The event envelope (CloudEvents 1.0, structured JSON, after the NL GOV profile for CloudEvents) and the catalogue
of event contracts.

A contract is a pydantic model of an event's `data`, registered with `@contract(service, entity, action, version)`.
Its CloudEvents `type` is `nl.stuurcyclus.<service>.<entity>.<action>.v<version>` (reverse-DNS, one version); it
travels on the NATS subject `<prefix>.<service>.<gemeente>.<entity>.<action>` — the municipality in the subject, so
that a live stream or a consumer can subscribe to one municipality's events in NATS itself — and the version is in the
type, not the subject, so a consumer of a subject sees every version and picks the ones it understands. A breaking
change is a new version, never an edit.

The envelope after the NL GOV profile (Logius): `source` a URN in the `nld` namespace naming the municipality and
the system, `urn:nld:oin:<OIN>:systeem:stuurcyclus-<service>` where the municipality's OIN is configured
(`EVENT_OIN`, a JSON object of CBS code → OIN), else `urn:nld:cbs:<gemeente>:systeem:stuurcyclus-<service>`; `time`
the moment the producing service recorded the event (in its outbox, inside the transaction of the change it
describes; UTC, RFC 3339) — the profile's "time the event was logged", not when something happened in reality
(that, where it matters, is in `data`); extension attributes `tenant`, `correlationid`, `causationid`, lower-case
and at most 20 characters as the profile requires (`EXTENSION_ATTRIBUTES`, checked by a test).
"""

from __future__ import annotations

import builtins
import functools
import re
import typing
import uuid
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, ClassVar, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from ..logs import child_traceparent, get_correlation_id
from ..secrecy import is_secret_name

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

    def subject(self, prefix: str, gemeente: str) -> str:
        """The NATS subject of this event of one municipality (`*` as `gemeente`: a pattern over all of them)."""
        return event_subject(prefix, self.service, gemeente, self.entity, self.action)

    def source(self, gemeente: str) -> str:
        return event_source(self.service, gemeente)


#: The extension attributes of the envelope (CloudEvents: lower-case letters and digits, at most 20 characters).
EXTENSION_ATTRIBUTES = ("tenant", "correlationid", "causationid", "traceparent")
#: The system part of `source`: `stuurcyclus-<service>`.
SYSTEM = "stuurcyclus"


class _SourceSettings(BaseSettings):
    """`EVENT_OIN`: the OIN (organisatie-identificatienummer) of each municipality served, by CBS code."""

    model_config = SettingsConfigDict(env_prefix="EVENT_", extra="ignore")

    oin: dict[str, str] = {}


@functools.cache
def _oins() -> dict[str, str]:
    configured = _SourceSettings().oin
    for code, oin in configured.items():
        if not re.fullmatch(r"\d{20}", oin):
            raise ValueError(f"EVENT_OIN: {code}'s OIN must be 20 digits, not {oin!r}")
    return configured


def event_source(service: str, gemeente: str) -> str:
    """The CloudEvents `source` of `service`'s events of one municipality: a URN in the `nld` namespace (NL GOV profile)
    naming the organisation (its OIN where configured, else its CBS code) and the system."""
    oin = _oins().get(gemeente)
    organisation = f"oin:{oin}" if oin else f"cbs:{gemeente}"
    return f"urn:nld:{organisation}:systeem:{SYSTEM}-{service}"


class Zichtbaarheid(StrEnum):
    """Who of the municipality may see an event (the live stream, anything else that passes events on).

    Declared by every contract; an event whose type is not in the catalogue is `gemeente` (staff only)."""

    #: The municipality's own people and systems (every role but `partner`).
    GEMEENTE = "gemeente"
    #: The municipality's staff, and the partner organisation the event concerns (its required `partner` field).
    PARTNER = "partner"
    #: Everyone of the municipality, partners included (the agenda, the cycle's calendar, calls).
    OPENBAAR = "openbaar"
    #: Integrators and administrators only (operational alerts about subscriptions).
    BEHEER = "beheer"


class EventData(BaseModel):
    """Base of every event payload. Unknown fields are ignored so that additive changes stay compatible."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    event_name: ClassVar[EventName]
    zichtbaarheid: ClassVar[Zichtbaarheid] = Zichtbaarheid.GEMEENTE
    #: Fields of an event a partner may see that are for the municipality's staff only (left out for partners).
    alleen_gemeente: ClassVar[frozenset[str]] = frozenset()


#: Every registered contract by CloudEvents type: the one catalogue the AsyncAPI document is generated from.
CATALOGUE: dict[str, type[EventData]] = {}

D = TypeVar("D", bound=type[EventData])


def contract(service: str, entity: str, action: str, version: int, *, zichtbaarheid: Zichtbaarheid) -> Any:
    """Register an event payload model under its versioned type, with who may see it.

    Refused at import (so no such event can ever be recorded): a `partner` contract without a required `partner`
    field, and any field whose name says it holds a secret (`secrecy.SECRET_NAME`)."""

    def register(cls: D) -> D:
        name = EventName(service, entity, action, version)
        if name.type in CATALOGUE:
            raise ValueError(f"event type registered twice: {name.type}")
        secrets_ = [f for f in _field_names(cls) if is_secret_name(f)]
        if secrets_:
            raise TypeError(f"{name.type}: an event never carries a secret ({', '.join(secrets_)})")
        if zichtbaarheid is Zichtbaarheid.PARTNER:
            field = cls.__pydantic_fields__.get("partner")
            if field is None or not field.is_required() or field.annotation is not str:
                raise TypeError(f"{name.type}: a partner's event names the partner (a required `partner: str`)")
        cls.event_name = name
        cls.zichtbaarheid = zichtbaarheid
        CATALOGUE[name.type] = cls
        return cls

    return register


def _field_names(model: type[BaseModel]) -> list[str]:
    """Every field name of a model and of the models nested in it."""
    names: list[str] = []
    for field_name, info in model.model_fields.items():
        names.append(field_name)
        for nested in _models_in(info.annotation):
            names += [f"{field_name}.{n}" for n in _field_names(nested)]
    return names


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def event_subject(prefix: str, service: str, gemeente: str, *rest: str) -> str:
    """The one layout of an event's NATS subject: `<prefix>.<service>.<gemeente>.<entity>.<action>` (any part may be
    a wildcard, `*`, in a filter)."""
    return ".".join([prefix, service, gemeente, *rest])


def legacy_event_subject(prefix: str, service: str, *rest: str) -> str:
    """The layout before the municipality was in it, `<prefix>.<service>.<entity>.<action>`: what events published
    before the upgrade still carry in the streams (consumers read them too while `EVENT_LEGACY_SUBJECTS` is on)."""
    return ".".join([prefix, service, *rest])


def _subject_parts(event_type: str) -> list[str]:
    """`nl.stuurcyclus.sporen.spoor.aangemaakt.v1` → `[sporen, spoor, aangemaakt]` (the version stays in the type)."""
    return event_type.removeprefix(TYPE_NAMESPACE + ".").split(".")[:-1]


def subject_for_type(event_type: str, prefix: str, gemeente: str) -> str:
    """`nl.stuurcyclus.sporen.spoor.aangemaakt.v1` of GM0193 → `<prefix>.sporen.GM0193.spoor.aangemaakt`."""
    service, *rest = _subject_parts(event_type)
    return event_subject(prefix, service, gemeente, *rest)


def legacy_subject_for_type(event_type: str, prefix: str) -> str:
    """`nl.stuurcyclus.sporen.spoor.aangemaakt.v1` → `<prefix>.sporen.spoor.aangemaakt` (`legacy_event_subject`)."""
    return legacy_event_subject(prefix, *_subject_parts(event_type))


P = TypeVar("P", bound=EventData)


class EventEnvelope(BaseModel):
    """One domain event on the wire (CloudEvents 1.0 structured mode, JSON)."""

    model_config = ConfigDict(extra="ignore")

    specversion: Literal["1.0"] = "1.0"
    id: uuid.UUID = Field(default_factory=uuid.uuid4, description="Unique event id; also the JetStream Nats-Msg-Id.")
    source: str = Field(
        description="The municipality and system that emitted it, a URN (NL GOV profile): "
        "`urn:nld:oin:<OIN>:systeem:stuurcyclus-<service>`, or `urn:nld:cbs:<gemeente>:systeem:stuurcyclus-<service>` "
        "where no OIN is configured."
    )
    type: str = Field(description="Versioned event type, e.g. `nl.stuurcyclus.sporen.spoor.aangemaakt.v1`.")
    time: datetime = Field(
        default_factory=lambda: datetime.now(UTC),
        description="When the producing service recorded the event, in the transaction of the change it describes "
        "(UTC, RFC 3339): the time it was logged, not when something happened in reality.",
    )
    subject: str | None = Field(default=None, description="Id of the entity the event is about.")
    datacontenttype: Literal["application/json"] = "application/json"
    tenant: str = Field(pattern=r"^GM\d{4}$", description="CBS code of the municipality the event belongs to.")
    correlationid: str | None = Field(default=None, description="Correlation id of the request that started it.")
    causationid: str | None = Field(default=None, description="Id of the event that caused this one, if any.")
    traceparent: str | None = Field(
        default=None,
        description="W3C Trace Context of the request or event that led to it (CloudEvents distributed tracing).",
    )
    data: dict[str, Any]

    @classmethod
    def wrap(cls, data: EventData, *, tenant: str, subject: str | None = None) -> EventEnvelope:
        """Envelope `data`, taking correlation and causation ids from the current context."""
        name = data.event_name
        return cls(
            source=name.source(tenant),
            type=name.type,
            subject=subject,
            tenant=tenant,
            correlationid=get_correlation_id(),
            causationid=current_causation_id.get(),
            traceparent=child_traceparent(),
            data=data.model_dump(mode="json"),
        )

    def payload(self, model: builtins.type[P]) -> P:  # `type` is a field of the envelope
        return model.model_validate(self.data)
