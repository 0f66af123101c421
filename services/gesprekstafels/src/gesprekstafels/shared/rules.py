"""What the sub-domains' rules share: a refusal naming its field, a row as a read body, the events they emit, and
the ambition references they check."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.errors import InvalidParam, Unprocessable
from stuurcyclus_common.events import EventData, record_event
from stuurcyclus_common.logs import get_logger

from ..models import (
    EVENTS,
    Aanvraag,
    AmbitieReferentie,
    Uitvraag,
)


def unprocessable(name: str, reason: str, code: str) -> Unprocessable:
    return Unprocessable(
        f"{name}: {reason}", code=code, invalid_params=[InvalidParam(name=name, code=code, reason=reason)]
    )


def row_of(thing: Any, **extra: Any) -> dict[str, Any]:
    """A row's columns (plus what its read shape adds), for a response model."""
    return {column.key: getattr(thing, column.key) for column in thing.__table__.columns} | extra


log = get_logger(__name__)


async def emit(session: AsyncSession, tenant: str, data: EventData, subject: uuid.UUID) -> None:
    await record_event(session, EVENTS, data, tenant=tenant, subject=str(subject))


async def known_ambitie(session: AsyncSession, tenant: str, ambitie_id: uuid.UUID, name: str = "ambitieId") -> None:
    found = await session.scalar(
        select(AmbitieReferentie.ambitie_id).where(
            AmbitieReferentie.tenant == tenant, AmbitieReferentie.ambitie_id == ambitie_id
        )
    )
    if found is None:
        raise unprocessable(
            name, f"ambition {ambitie_id} is not known in {tenant} (ambitions come from sporen)", "onbekend"
        )


async def ambitie_of(session: AsyncSession, aanvraag: Aanvraag) -> uuid.UUID:
    """The ambition an application serves: its call's."""
    ambitie_id = await session.scalar(select(Uitvraag.ambitie_id).where(Uitvraag.id == aanvraag.uitvraag_id))
    if ambitie_id is None:
        raise LookupError(f"application {aanvraag.id} refers to call {aanvraag.uitvraag_id}, which does not exist")
    return ambitie_id
