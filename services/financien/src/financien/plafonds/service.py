"""Rules of the subsidy ceilings: reservations answered by event, committed at the grant, released on
withdrawal, rejection or a settlement below the grant; the room left under a ceiling (`room`)."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.contracts import financien as events
from stuurcyclus_common.contracts.gesprekstafels import AanvraagBedragV1
from stuurcyclus_common.errors import Conflict, InvalidParam, Unprocessable
from stuurcyclus_common.events import record_event
from stuurcyclus_common.versioning import referenced

from ..models import EVENTS, AmbitieReferentie, Reservering, Subsidieplafond
from .schemas import PlafondRead, PlafondSet

USED = ("gereserveerd", "vastgelegd")
#: What a ceiling's view counts: reserved and committed (by status), paid out and reclaimed (the payment ledger's).
USAGE = (*USED, "betaald", "teruggevorderd")


async def usage(session: AsyncSession, plafond_ids: list[uuid.UUID]) -> dict[uuid.UUID, dict[str, int]]:
    """Per ceiling: reserved and committed (by status), and what was paid out and reclaimed under it (any status)."""
    rows = await session.execute(
        select(
            Reservering.plafond_id,
            Reservering.status,
            func.sum(Reservering.bedrag_cent),
            func.sum(Reservering.betaald_cent),
            func.sum(Reservering.teruggevorderd_cent),
        )
        .where(Reservering.plafond_id.in_(plafond_ids))
        .group_by(Reservering.plafond_id, Reservering.status)
    )
    used: dict[uuid.UUID, dict[str, int]] = {i: dict.fromkeys(USAGE, 0) for i in plafond_ids}
    for plafond_id, status, cent, paid, reclaimed in rows:
        if status in USED:
            used[plafond_id][status] = int(cent)
        used[plafond_id]["betaald"] += int(paid or 0)
        used[plafond_id]["teruggevorderd"] += int(reclaimed or 0)
    return used


def in_use(used: dict[str, int]) -> int:
    """What counts against a ceiling: committed (granted) and reserved (proposed) amounts."""
    return used["vastgelegd"] + used["gereserveerd"]


def room(ceiling_cent: int, in_use_cent: int) -> int:
    """The room left under a ceiling: never below zero (a ceiling lowered below what is in use has none left). One
    rule for the read body, the reservation's answer and every reservation event."""
    return max(0, ceiling_cent - in_use_cent)


def plafond_read(plafond: Subsidieplafond, used: dict[str, int]) -> PlafondRead:
    return PlafondRead(
        id=plafond.id,
        ambitie_id=plafond.ambitie_id,
        jaar=plafond.jaar,
        bedrag_cent=plafond.bedrag_cent,
        sisa_code=plafond.sisa_code,
        vastgelegd_cent=used["vastgelegd"],
        gereserveerd_cent=used["gereserveerd"],
        beschikbaar_cent=room(plafond.bedrag_cent, in_use(used)),
        betaald_cent=used["betaald"],
        teruggevorderd_cent=used["teruggevorderd"],
    )


async def list_plafonds(session: AsyncSession, tenant: str, jaar: int | None) -> list[PlafondRead]:
    query = select(Subsidieplafond).where(Subsidieplafond.tenant == tenant)
    if jaar:
        query = query.where(Subsidieplafond.jaar == jaar)
    plafonds = list(await session.scalars(query.order_by(Subsidieplafond.jaar, Subsidieplafond.ambitie_id)))
    used = await usage(session, [p.id for p in plafonds])
    return [plafond_read(p, used[p.id]) for p in plafonds]


async def _plafond_for_update(
    session: AsyncSession, tenant: str, ambitie_id: uuid.UUID, jaar: int
) -> Subsidieplafond | None:
    query = select(Subsidieplafond).where(
        Subsidieplafond.tenant == tenant, Subsidieplafond.ambitie_id == ambitie_id, Subsidieplafond.jaar == jaar
    )
    return await session.scalar(query.with_for_update())


async def set_plafond(session: AsyncSession, tenant: str, data: PlafondSet) -> PlafondRead:
    """Set the ceiling of an ambition and year; it may not drop below what is already committed and reserved."""
    known = await session.scalar(
        select(AmbitieReferentie.ambitie_id).where(
            AmbitieReferentie.tenant == tenant, AmbitieReferentie.ambitie_id == data.ambitie_id
        )
    )
    if known is None:
        raise Unprocessable(
            f"Ambition {data.ambitie_id} is not known in {tenant} (ambitions come from the sporen service).",
            code="ambitie_onbekend",
            invalid_params=[InvalidParam(name="ambitieId", code="unknown", reason="no such ambition")],
        )
    plafond = await _plafond_for_update(session, tenant, data.ambitie_id, data.jaar)
    if plafond is None:
        plafond = Subsidieplafond(id=uuid.uuid4(), tenant=tenant, versie=1, **data.model_dump())
        session.add(plafond)
        await session.flush()
        await _announce_plafond(session, plafond)
        return plafond_read(plafond, dict.fromkeys(USAGE, 0))
    used = (await usage(session, [plafond.id]))[plafond.id]
    if data.bedrag_cent < used["vastgelegd"] + used["gereserveerd"]:
        raise Conflict(
            f"The ceiling cannot drop to {data.bedrag_cent} cents: {used['vastgelegd']} committed and "
            f"{used['gereserveerd']} reserved.",
            code="plafond_te_laag",
        )
    if (plafond.bedrag_cent, plafond.sisa_code) != (data.bedrag_cent, data.sisa_code):
        plafond.bedrag_cent, plafond.sisa_code = data.bedrag_cent, data.sisa_code
        plafond.versie += 1
        await session.flush()
        await _announce_plafond(session, plafond)
    return plafond_read(plafond, used)


async def _announce_plafond(session: AsyncSession, plafond: Subsidieplafond) -> None:
    event = events.SubsidieplafondVastgesteld(
        plafondId=plafond.id,
        ambitieId=plafond.ambitie_id,
        jaar=plafond.jaar,
        bedragCent=plafond.bedrag_cent,
        sisaCode=plafond.sisa_code,
        versie=plafond.versie,
    )
    await record_event(session, EVENTS, event, tenant=plafond.tenant, subject=str(plafond.id))


async def reserve(session: AsyncSession, tenant: str, request: AanvraagBedragV1) -> None:
    """Answer a grant proposal: reserve under the ceiling, or refuse. Asked twice, it answers the same way."""
    plafond = await _plafond_for_update(session, tenant, request.ambitieId, request.jaar)
    stand = dict(
        aanvraagId=request.aanvraagId, ambitieId=request.ambitieId, jaar=request.jaar, bedragCent=request.bedragCent
    )
    if plafond is None:
        refusal = events.ReserveringGeweigerd(
            reserveringId=None,
            plafondCent=None,
            beschikbaarCent=None,
            **stand,
            reden=f"There is no subsidy ceiling for this ambition in {request.jaar}.",
            code="geen_plafond",
        )
        await record_event(session, EVENTS, refusal, tenant=tenant, subject=str(request.aanvraagId))
        return
    existing = await session.scalar(
        select(Reservering).where(Reservering.tenant == tenant, Reservering.aanvraag_id == request.aanvraagId)
    )
    used = (await usage(session, [plafond.id]))[plafond.id]
    taken = in_use(used)
    if existing is not None and existing.status in USED and existing.bedrag_cent == request.bedragCent:
        confirm = events.ReserveringBevestigd(  # the same request again: the same answer, nothing new
            reserveringId=existing.id,
            plafondCent=plafond.bedrag_cent,
            beschikbaarCent=room(plafond.bedrag_cent, taken),
            **stand,
        )
        await record_event(session, EVENTS, confirm, tenant=tenant, subject=str(request.aanvraagId))
        return
    if existing is not None and existing.status == "vastgelegd":  # granted: the amount is the decision's
        refusal = events.ReserveringGeweigerd(
            reserveringId=existing.id,
            plafondCent=plafond.bedrag_cent,
            beschikbaarCent=room(plafond.bedrag_cent, taken),
            **(stand | {"bedragCent": existing.bedrag_cent}),
            reden=f"The grant is committed with {existing.bedrag_cent} cents; {request.bedragCent} cannot be reserved "
            "for it again.",
            code="bedrag_vastgelegd",
        )
        await record_event(session, EVENTS, refusal, tenant=tenant, subject=str(request.aanvraagId))
        return
    if existing is not None and existing.status in USED:  # reserved with another amount: judge the new one instead
        taken -= existing.bedrag_cent
    if taken + request.bedragCent > plafond.bedrag_cent:
        refusal = events.ReserveringGeweigerd(
            reserveringId=None,
            plafondCent=plafond.bedrag_cent,
            beschikbaarCent=room(plafond.bedrag_cent, taken),
            **stand,
            reden=f"The ceiling of {plafond.bedrag_cent} cents would be exceeded: {taken} is in use, "
            f"{request.bedragCent} asked.",
            code="plafond_overschreden",
        )
        await record_event(session, EVENTS, refusal, tenant=tenant, subject=str(request.aanvraagId))
        return
    if existing is not None:  # released earlier (or reserved with another amount), proposed again
        existing.status, existing.bedrag_cent, existing.plafond_id = "gereserveerd", request.bedragCent, plafond.id
        reservering = existing
    else:
        reservering = Reservering(
            id=uuid.uuid4(),
            tenant=tenant,
            plafond_id=plafond.id,
            aanvraag_id=request.aanvraagId,
            bedrag_cent=request.bedragCent,
            status="gereserveerd",
            partner=request.partner,
        )
        session.add(reservering)
    await session.flush()
    confirm = events.ReserveringBevestigd(
        reserveringId=reservering.id,
        plafondCent=plafond.bedrag_cent,
        beschikbaarCent=room(plafond.bedrag_cent, taken + request.bedragCent),
        **stand,
    )
    await record_event(session, EVENTS, confirm, tenant=tenant, subject=str(request.aanvraagId))


async def _reservation_for_update(session: AsyncSession, tenant: str, aanvraag_id: uuid.UUID) -> Reservering | None:
    return await session.scalar(
        select(Reservering)
        .where(Reservering.tenant == tenant, Reservering.aanvraag_id == aanvraag_id)
        .with_for_update()
    )


async def _announce_reservation(
    session: AsyncSession, reservering: Reservering, cls: type[events.ReserveringStand], **extra: int
) -> None:
    """Announce a reservation's new state with the room left under its ceiling."""
    plafond = await referenced(session, Subsidieplafond, reservering.plafond_id)
    used = (await usage(session, [plafond.id]))[plafond.id]
    event = cls(
        reserveringId=reservering.id,
        aanvraagId=reservering.aanvraag_id,
        ambitieId=plafond.ambitie_id,
        jaar=plafond.jaar,
        bedragCent=reservering.bedrag_cent,
        plafondCent=plafond.bedrag_cent,
        beschikbaarCent=room(plafond.bedrag_cent, in_use(used)),
        **extra,
    )
    await record_event(session, EVENTS, event, tenant=reservering.tenant, subject=str(reservering.aanvraag_id))


async def close_reservation(
    session: AsyncSession, tenant: str, aanvraag_id: uuid.UUID, status: str
) -> Reservering | None:
    """Commit (`vastgelegd`) or release (`vrijgegeven`) the reservation of an application, announcing it."""
    reservering = await _reservation_for_update(session, tenant, aanvraag_id)
    if reservering is None or reservering.status == status or reservering.status == "vrijgegeven":
        return reservering  # nothing reserved, already done, or already released: nothing changes
    if status == "vastgelegd" and reservering.status != "gereserveerd":
        raise Unprocessable(
            f"Reservation of {aanvraag_id} is {reservering.status}, not reserved.", code="niet_gereserveerd"
        )
    reservering.status = status
    await session.flush()
    cls = events.ReserveringVastgelegd if status == "vastgelegd" else events.ReserveringVrijgegeven
    await _announce_reservation(session, reservering, cls)
    return reservering


async def shrink_to_final(session: AsyncSession, tenant: str, aanvraag_id: uuid.UUID, final_cent: int) -> None:
    """A settlement (*vaststelling*) below the committed amount releases the difference; applied once per grant."""
    reservering = await _reservation_for_update(session, tenant, aanvraag_id)
    if reservering is None or reservering.status != "vastgelegd" or final_cent >= reservering.bedrag_cent:
        return  # nothing committed here, or nothing to release (a settlement never raises a commitment)
    released = reservering.bedrag_cent - final_cent
    reservering.bedrag_cent = final_cent
    await session.flush()
    await _announce_reservation(session, reservering, events.ReserveringBijgesteld, vrijgegevenCent=released)


async def book_payment(
    session: AsyncSession, tenant: str, aanvraag_id: uuid.UUID, *, betaald: int, reclaimed: int
) -> None:
    """A step of a grant's payment ledger counts under its reservation: paid out (`betaald`, a payout marked paid) or
    reclaimed (`reclaimed`, a reclaim decided; negative when one is cancelled). Applied once per event (inbox)."""
    reservering = await _reservation_for_update(session, tenant, aanvraag_id)
    if reservering is None:
        return  # a grant without a reservation here (e.g. from before the ceilings): nothing to count under
    reservering.betaald_cent += betaald
    reservering.teruggevorderd_cent += reclaimed
    await session.flush()


async def list_reserveringen(session: AsyncSession, tenant: str, plafond_id: uuid.UUID | None) -> list[Reservering]:
    query = select(Reservering).where(Reservering.tenant == tenant)
    if plafond_id:
        query = query.where(Reservering.plafond_id == plafond_id)
    return list(await session.scalars(query.order_by(Reservering.created_at)))
