"""Bodies of the notificaties API (camelCase; the Notificaties API's field names where it has them)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, HttpUrl, StrictInt, StringConstraints
from stuurcyclus_common.schemas import Body, Out
from stuurcyclus_common.secrecy import secret_field

Kenmerk = Annotated[str, StringConstraints(min_length=1, max_length=60)]


class KanaalRead(Out):
    naam: str
    documentatie_link: str
    filters: list[str] = Field(description="Characteristics (kenmerken) a subscription may filter on.")
    acties: list[str]


class AbonnementKanaal(Body):
    naam: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    filters: dict[Kenmerk, Annotated[str, StringConstraints(max_length=200)]] = Field(
        default={}, description='e.g. {"actie": "genomen", "soort": "toekenning"}; "*" matches any value.'
    )


class AbonnementCreate(Body):
    callback_url: HttpUrl
    auth: Annotated[str, StringConstraints(min_length=1, max_length=1000)] = secret_field(
        "Sent as the Authorization header with every delivery (as in the Notificaties API); never shown again."
    )
    kanalen: Annotated[list[AbonnementKanaal], Field(min_length=1, max_length=50)]
    formaat: Literal["notificatie", "cloudevents"] = Field(
        default="notificatie", description="`notificatie` (Notificaties API message) or `cloudevents` (the envelope)."
    )
    max_pogingen: StrictInt | None = Field(default=None, ge=1, le=100, description="Attempts before parking.")


class AbonnementRead(Out):
    id: uuid.UUID
    gemeente: str = Field(validation_alias="tenant")
    callback_url: str
    kanalen: list[AbonnementKanaal]
    formaat: str
    max_pogingen: int | None
    aangemaakt_op: datetime


class AbonnementCreated(AbonnementRead):
    geheim: str = secret_field(
        "HMAC-SHA256 key of the `X-Stuurcyclus-Signature` header; shown only now.", shown_once=True
    )


class PogingRead(Out):
    nummer: int
    op: datetime
    status_code: int | None
    fout: str | None
    duur_ms: int


class AfleveringRead(Out):
    id: uuid.UUID
    event_id: uuid.UUID
    kanaal: str
    bericht: dict
    status: str
    pogingen: int
    volgende_poging_op: datetime
    laatste_fout: str | None
    afgeleverd_op: datetime | None
    log: list[PogingRead] = []


class Herhaling(Out):
    opnieuw: int = Field(description="Parked deliveries put back in the queue.")
