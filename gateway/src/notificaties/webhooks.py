"""The two shapes of a delivery as OpenAPI 3.1 webhooks of the notificaties app (documentation: the platform sends
them, it never receives them). The words are `stuurcyclus_common.events.aflevering`'s, shared with the AsyncAPI."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import FastAPI, Header
from pydantic import BaseModel, Field
from stuurcyclus_common.events.aflevering import DESCRIPTION, HEADERS, SIGNATURE_HEADER


class Notificatie(BaseModel):
    """A message in the Notificaties API's shape."""

    kanaal: str = Field(description="The channel, e.g. `gesprekstafels-besluit`.")
    hoofdObject: str = Field(description="URL of the resource the event is about (a GET with the subscriber's rights).")
    resource: str = Field(description="The kind of thing, e.g. `besluit`.")
    resourceUrl: str = Field(description="The same URL as `hoofdObject`.")
    actie: str = Field(description="What happened, e.g. `genomen`.")
    aanmaakdatum: str = Field(description="When the event happened (ISO 8601).")
    kenmerken: dict[str, str] = Field(description="The event's characteristics the subscription may filter on.")


def _header(name: str) -> Any:  # a Header marker
    return Header(alias=name, description=HEADERS[name])


def add_webhooks(app: FastAPI) -> None:
    """The two shapes of a delivery, as OpenAPI 3.1 webhooks of the notificaties app."""

    @app.webhooks.post("notificatie", summary="A delivery in the Notificaties API's shape", description=DESCRIPTION)
    async def notificatie(  # pragma: no cover - documentation only: the platform sends these, it never receives them
        body: Notificatie,
        authorization: Annotated[str, _header("Authorization")],
        signature: Annotated[str, _header(SIGNATURE_HEADER)],
        idempotency_key: Annotated[str, _header("Idempotency-Key")],
        aflevering: Annotated[str, _header("X-Stuurcyclus-Aflevering")],
        poging: Annotated[str, _header("X-Stuurcyclus-Poging")],
    ) -> None:
        return None

    @app.webhooks.post(
        "cloudevent",
        summary="A delivery as a CloudEvent (NL GOV profile), `Content-Type: application/cloudevents+json`",
        description=DESCRIPTION,
    )
    async def cloudevent(  # pragma: no cover - documentation only
        body: dict[str, Any],
        authorization: Annotated[str, _header("Authorization")],
        signature: Annotated[str, _header(SIGNATURE_HEADER)],
        idempotency_key: Annotated[str, _header("Idempotency-Key")],
        aflevering: Annotated[str, _header("X-Stuurcyclus-Aflevering")],
        poging: Annotated[str, _header("X-Stuurcyclus-Poging")],
        traceparent: Annotated[str | None, _header("traceparent")] = None,
    ) -> None:
        return None
