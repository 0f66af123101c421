"""Rules of the register of developments around the agenda."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.contracts import sporen as events

from ..models import Ontwikkeling
from ..shared.service import columns_of, record_created, record_update, state_of
from .schemas import OntwikkelingCreate, OntwikkelingRead, OntwikkelingUpdate


async def list_ontwikkelingen(
    session: AsyncSession,
    tenant: str,
    *,
    periode: str | None = None,
    soort: str | None = None,
    spoor: int | None = None,
) -> list[Ontwikkeling]:
    """The developments of a municipality (of one half year, kind or track), oldest recorded first."""
    query = select(Ontwikkeling).where(Ontwikkeling.tenant == tenant)
    if periode:
        query = query.where(Ontwikkeling.periode == periode)
    if soort:
        query = query.where(Ontwikkeling.soort == soort)
    rows = await session.scalars(query.order_by(Ontwikkeling.periode, Ontwikkeling.created_at, Ontwikkeling.id))
    return [o for o in rows if spoor is None or spoor in o.sporen]


def _event(cls: type[events.OntwikkelingSnapshot], o: Ontwikkeling) -> events.OntwikkelingSnapshot:
    return cls(ontwikkelingId=o.id, soort=o.soort, titel=o.titel, periode=o.periode, versie=o.versie)


async def create_ontwikkeling(session: AsyncSession, tenant: str, data: OntwikkelingCreate) -> Ontwikkeling:
    ontwikkeling = Ontwikkeling(id=uuid.uuid4(), tenant=tenant, versie=1, **columns_of(data))
    event = _event(events.OntwikkelingVastgelegd, ontwikkeling)
    return await record_created(session, ontwikkeling, state_of(OntwikkelingRead), event)


async def update_ontwikkeling(
    session: AsyncSession, tenant: str, object_id: uuid.UUID, *, data: OntwikkelingUpdate, if_match: int | None
) -> Ontwikkeling:
    return await record_update(
        session,
        Ontwikkeling,
        tenant,
        object_id,
        data,
        if_match,
        OntwikkelingRead,
        lambda o: _event(events.OntwikkelingGewijzigd, o),
    )
