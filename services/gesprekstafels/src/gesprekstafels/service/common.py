"""What the sub-domains of the service share: the legal status moves, the rows they log, the events they emit."""

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

TRANSITIONS: dict[str, set[str]] = {
    "concept": {"ingediend", "ingetrokken"},
    "ingediend": {"in-behandeling", "afgewezen", "ingetrokken"},
    "in-behandeling": {"voorgesteld", "afgewezen", "ingetrokken"},
    "voorgesteld": {"toegekend", "afgewezen", "ingetrokken"},
    "toegekend": {"vastgesteld", "ingetrokken"},
}
OPEN_STATUSES = ("ingediend", "in-behandeling")
HOLDS_MONEY = ("voorgesteld", "toegekend", "vastgesteld")


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
            name, f"ambition {ambitie_id} is not known in {tenant} (ambitions come from sporen)", "unknown"
        )


async def ambitie_of(session: AsyncSession, aanvraag: Aanvraag) -> uuid.UUID:
    """The ambition an application serves: its call's."""
    return await session.scalar(select(Uitvraag.ambitie_id).where(Uitvraag.id == aanvraag.uitvraag_id))
