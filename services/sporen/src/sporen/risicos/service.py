"""Rules of the risk register: a risk and its revisions (a revision keeps the one before)."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.contracts import sporen as events
from stuurcyclus_common.events import record_event
from stuurcyclus_common.pagination import PageParams, paginate
from stuurcyclus_common.versioning import check_version, get_or_raise

from ..models import EVENTS, Risico, RisicoRevisie, Spoor
from .schemas import Beoordeling, RisicoCreate, RisicoRead, RisicoRevisieCreate, RisicoRevisieRead


async def list_risicos_of(session: AsyncSession, spoor: Spoor) -> list[Risico]:
    return list(await session.scalars(select(Risico).where(Risico.spoor_id == spoor.id).order_by(Risico.titel)))


async def list_risicos(
    session: AsyncSession, tenant: str, params: PageParams, *, spoor_id: uuid.UUID | None, weging: str | None
) -> tuple[int, list[Risico]]:
    """Risks of the municipality; `weging` filters on the latest assessment."""
    query = select(Risico).where(Risico.tenant == tenant).order_by(Risico.spoor_id, Risico.titel)
    if spoor_id:
        query = query.where(Risico.spoor_id == spoor_id)
    if weging:
        query = query.join(
            RisicoRevisie, (RisicoRevisie.risico_id == Risico.id) & (RisicoRevisie.versie == Risico.versie)
        ).where(RisicoRevisie.weging == weging)
    return await paginate(session, query, params)


async def revisies(session: AsyncSession, risico_ids: list[uuid.UUID], latest_only: bool) -> list[RisicoRevisie]:
    query = select(RisicoRevisie).where(RisicoRevisie.risico_id.in_(risico_ids))
    if latest_only:
        query = query.join(Risico, (Risico.id == RisicoRevisie.risico_id) & (Risico.versie == RisicoRevisie.versie))
    return list(await session.scalars(query.order_by(RisicoRevisie.risico_id, RisicoRevisie.versie)))


async def risico_reads(session: AsyncSession, risicos: list[Risico]) -> list[RisicoRead]:
    latest = {r.risico_id: r for r in await revisies(session, [r.id for r in risicos], latest_only=True)}
    return [
        RisicoRead(
            id=r.id,
            tenant=r.tenant,
            versie=r.versie,
            spoor_id=r.spoor_id,
            titel=r.titel,
            huidig=RisicoRevisieRead.model_validate(latest[r.id]),
        )
        for r in risicos
    ]


def _risico_event(cls: type[events.RisicoSnapshot], risico: Risico, revisie: RisicoRevisie) -> events.RisicoSnapshot:
    return cls(
        risicoId=risico.id,
        spoorId=risico.spoor_id,
        titel=risico.titel,
        versie=revisie.versie,
        periode=revisie.periode,
        onderdelen=revisie.onderdelen,
        weging=revisie.weging,
        bedragCent=revisie.bedrag_cent,
        kans=revisie.kans,
        impact=revisie.impact,
    )


def _revisie(risico: Risico, data: Beoordeling) -> RisicoRevisie:
    return RisicoRevisie(
        id=uuid.uuid4(),
        tenant=risico.tenant,
        risico_id=risico.id,
        versie=risico.versie,
        **data.model_dump(mode="json", exclude={"titel", "versie"}),
    )


async def create_risico(session: AsyncSession, tenant: str, spoor_id: uuid.UUID, data: RisicoCreate) -> Risico:
    spoor = await get_or_raise(session, Spoor, tenant, spoor_id)
    risico = Risico(id=uuid.uuid4(), tenant=tenant, versie=1, spoor_id=spoor.id, titel=data.titel)
    session.add(risico)
    await session.flush()
    revisie = _revisie(risico, data)
    session.add(revisie)
    await session.flush()
    event = _risico_event(events.RisicoAangemaakt, risico, revisie)
    await record_event(session, EVENTS, event, tenant=tenant, subject=str(risico.id))
    return risico


async def revise_risico(
    session: AsyncSession, tenant: str, risico_id: uuid.UUID, *, data: RisicoRevisieCreate, if_match: int | None
) -> Risico:
    """A new assessment; the earlier ones stay as they were (append-only)."""
    risico = await get_or_raise(session, Risico, tenant, risico_id, lock=True)
    check_version(risico, if_match if if_match is not None else data.versie)
    risico.versie += 1
    revisie = _revisie(risico, data)
    session.add(revisie)
    await session.flush()
    await record_event(
        session, EVENTS, _risico_event(events.RisicoHerzien, risico, revisie), tenant=tenant, subject=str(risico.id)
    )
    return risico
