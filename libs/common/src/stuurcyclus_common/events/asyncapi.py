"""The AsyncAPI 3.0 document of every domain event, generated from the contract catalogue.

Written to `docs/asyncapi.json` by `stuurcyclus events asyncapi` (a test keeps the committed file current) and
served by the gateway at `/api/v1/asyncapi.json`.
"""

from __future__ import annotations

from typing import Any

from .. import contracts  # noqa: F401  (registers every contract)
from ..settings import API_VERSION
from .aflevering import DESCRIPTION as AFLEVERING
from .envelope import CATALOGUE, EventEnvelope, Zichtbaarheid

REF = "#/components/schemas/{model}"
VISIBILITY = {
    Zichtbaarheid.GEMEENTE: "Visible to the municipality's staff only (every role but `partner`).",
    Zichtbaarheid.PARTNER: "Visible to the municipality's staff and to the partner named in `data.partner` only.",
    Zichtbaarheid.OPENBAAR: "Visible to everyone of the municipality, partners included.",
    Zichtbaarheid.BEHEER: "Visible to integrators (`subsidieadministratie`) and administrators only.",
}


#: The `source` of a service's events (NL GOV profile for CloudEvents): the municipality (OIN, or CBS code) and system.
SOURCE_PATTERN = r"^urn:nld:(oin:\d{{20}}|cbs:GM\d{{4}}):systeem:stuurcyclus-{service}$"
GEMEENTE_PARAMETER = {
    "description": "CBS code of the municipality the event belongs to (`GM0193`); subscribe with `*` for all of "
    "them. Events recorded before the municipality was in the subject travel on "
    "`<prefix>.<service>.<entity>.<action>`, which consumers read as well while EVENT_LEGACY_SUBJECTS is on.",
    "examples": ["GM0193"],
}
ENVELOPE_PROFILE = (
    " Envelopes follow the NL GOV profile for CloudEvents (Logius): `source` is a URN in the `nld` namespace naming "
    "the municipality (its OIN where configured, else its CBS code) and the system "
    "(`urn:nld:oin:<OIN>:systeem:stuurcyclus-<service>`); `type` is reverse-DNS with one version; `time` is when the "
    "producing service recorded the event in the transaction of the change (UTC, RFC 3339), not when something "
    "happened in reality; extension attributes (`tenant`, `correlationid`, `causationid`) are lower-case and at most "
    "20 characters. Subjects carry the municipality: `<prefix>.<service>.<gemeente>.<entity>.<action>`."
)


def _message_name(event_type: str) -> str:
    *_, service, entity, action, version = event_type.split(".")
    return "".join(p.capitalize() for p in (entity, action)) + version.upper()


def asyncapi_document(prefix: str = "stuurcyclus") -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    envelope = EventEnvelope.model_json_schema(ref_template=REF)
    schemas.update(envelope.pop("$defs", {}))
    schemas["EventEnvelope"] = envelope

    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for event_type, model in sorted(CATALOGUE.items()):
        name = model.event_name
        payload = model.model_json_schema(ref_template=REF)
        schemas.update(payload.pop("$defs", {}))
        schemas[model.__name__] = payload
        message = _message_name(event_type)
        messages[message] = {
            "name": event_type,
            "title": model.__name__,
            "summary": (model.__doc__ or "").strip().splitlines()[0] if model.__doc__ else "",
            "contentType": "application/cloudevents+json",
            "x-zichtbaarheid": model.zichtbaarheid.value,
            "description": VISIBILITY[model.zichtbaarheid],
            "headers": {
                "type": "object",
                "properties": {
                    "Nats-Msg-Id": {"type": "string", "description": "The event id (JetStream de-duplication)."},
                    "Ce-Type": {"type": "string", "const": event_type},
                    "Ce-Tenant": {"type": "string", "description": "CBS code of the municipality."},
                },
            },
            "payload": {
                "allOf": [
                    {"$ref": REF.format(model="EventEnvelope")},
                    {
                        "type": "object",
                        "properties": {
                            "type": {"const": event_type},
                            "source": {"pattern": SOURCE_PATTERN.format(service=name.service)},
                            "data": {"$ref": REF.format(model=model.__name__)},
                        },
                    },
                ]
            },
        }
        channel_id = f"{name.service}.{name.entity}.{name.action}"
        channel = channels.setdefault(
            channel_id,
            {
                "address": name.subject(prefix, "{gemeente}"),
                "description": f"Events about `{name.entity}` ({name.action}) from the {name.service} service, "
                f"one municipality's on each subject, on JetStream stream `{prefix.upper()}_{name.service.upper()}`.",
                "parameters": {"gemeente": GEMEENTE_PARAMETER},
                "messages": {},
            },
        )
        channel["messages"][message] = {"$ref": f"#/components/messages/{message}"}
        operations[f"{name.service}.send.{name.entity}.{name.action}"] = {
            "action": "send",
            "channel": {"$ref": f"#/channels/{channel_id}"},
            "summary": f"The {name.service} service publishes this through its transactional outbox.",
            "messages": [{"$ref": f"#/channels/{channel_id}/messages/{message}"}],
        }

    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "stuurcyclus domain events",
            "version": API_VERSION,
            "description": (
                "Every domain event of the platform: CloudEvents 1.0 envelopes (structured JSON) on NATS "
                "JetStream, one stream per service, published through a transactional outbox with "
                "`Nats-Msg-Id` = event id, consumed at least once and applied once (inbox). Types are "
                "versioned (`….v1`); a breaking change is a new version. Each message says who may see it "
                "(`x-zichtbaarheid`): the municipality's staff, the partner it names, everyone of the municipality, "
                "or integrators; a partner never receives another partner's event."
                + ENVELOPE_PROFILE
                + "\n\n## Webhook deliveries (notificaties)\n\n"
                + AFLEVERING
            ),
        },
        "defaultContentType": "application/cloudevents+json",
        "servers": {"nats": {"host": "127.0.0.1:4222", "protocol": "nats", "description": "NATS with JetStream"}},
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": schemas},
    }
