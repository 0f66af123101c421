"""Bodies of an attachment: what it is (read from its content), how big, its checksum, who added it."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field
from stuurcyclus_common.schemas import Out

Onderwerp = Literal["aanvraag", "verantwoording", "besluit"]


class BijlageRead(Out):
    id: uuid.UUID
    aanvraag_id: uuid.UUID
    onderwerp: Onderwerp = Field(description="What it belongs to: the application, its report, or a decision.")
    besluit_id: uuid.UUID | None
    soort: str | None = Field(description="What the document is, as its sender said (`begroting`, `jaarrekening` …).")
    bestandsnaam: str
    mediatype: str = Field(description="Read from the content: PDF, OpenDocument, Office Open XML or CSV.")
    grootte: int = Field(description="Bytes.")
    sha256: str = Field(description="Hex SHA-256 of the content; the download's `Repr-Digest` says it too.")
    door: str = Field(description="`gemeente` or the partner.")
    toegevoegd_op: datetime
