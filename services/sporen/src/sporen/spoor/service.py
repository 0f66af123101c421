"""Rules of the tracks: created and changed with their interfaces (raakvlakken), each change an event."""

from __future__ import annotations

import uuid
from collections.abc import Set

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.contracts import sporen as events
from stuurcyclus_common.db import text_search
from stuurcyclus_common.errors import Conflict, InvalidParam, Unprocessable
from stuurcyclus_common.events import record_event
from stuurcyclus_common.pagination import PageParams, paginate
from stuurcyclus_common.versioning import check_version, get_or_raise

from ..models import EVENTS, Raakvlak, Spoor, Spoorstand
from ..risicos.service import list_risicos_of, risico_reads
from ..shared.service import changes_of, columns_of, remember
from ..uitklapmodel.schemas import InterventieRead
from ..uitklapmodel.service import list_interventies
from ..voortgang.schemas import VoortgangRead
from ..voortgang.service import list_voortgang
from .schemas import RaakvlakIn, RaakvlakRead, SpoorCreate, SpoorRead, SpoorstandCreate, SpoorUpdate


async def list_sporen(
    session: AsyncSession, tenant: str, params: PageParams, *, status: str | None, zoek: str | None
) -> tuple[int, list[Spoor]]:
    """One page of a municipality's tracks by number; `zoek` searches name, description and problem."""
    query = select(Spoor).where(Spoor.tenant == tenant).order_by(Spoor.nummer)
    if status:
        query = query.where(Spoor.status == status)
    if zoek:
        query = query.where(text_search(zoek, Spoor.naam, Spoor.omschrijving, Spoor.probleem))
    return await paginate(session, query, params)


async def raakvlakken(session: AsyncSession, spoor_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[RaakvlakRead]]:
    """The interfaces of these tracks, the other track expanded (number and name)."""
    rows = await session.execute(
        select(Raakvlak.spoor_id, Raakvlak.reden, Spoor.id, Spoor.nummer, Spoor.naam)
        .join(Spoor, Spoor.id == Raakvlak.ander_spoor_id)
        .where(Raakvlak.spoor_id.in_(spoor_ids))
        .order_by(Spoor.nummer)
    )
    found: dict[uuid.UUID, list[RaakvlakRead]] = {i: [] for i in spoor_ids}
    for spoor_id, reden, other_id, nummer, naam in rows:
        found[spoor_id].append(RaakvlakRead(spoor_id=other_id, nummer=nummer, naam=naam, reden=reden))
    return found


async def spoor_read(session: AsyncSession, spoor: Spoor, expand: Set[str] = frozenset()) -> SpoorRead:
    read = SpoorRead.model_validate(spoor)
    read.raakvlakken = (await raakvlakken(session, [spoor.id]))[spoor.id]
    if "interventies" in expand:
        read.interventies = [InterventieRead.model_validate(i) for i in await list_interventies(session, spoor)]
    if "voortgang" in expand:
        read.voortgang = [VoortgangRead.model_validate(v) for v in await list_voortgang(session, spoor)]
    if "risicos" in expand:
        read.risicos = await risico_reads(session, await list_risicos_of(session, spoor))
    return read


async def _spoor_state(session: AsyncSession, spoor: Spoor) -> dict:
    return (await spoor_read(session, spoor)).model_dump(mode="json", by_alias=True)


async def _set_raakvlakken(session: AsyncSession, spoor: Spoor, links: list[RaakvlakIn]) -> None:
    """Replace the track's interfaces; every linked track must exist in the same municipality and not be itself."""
    wanted = {link.spoor_id: link.reden for link in links}
    if spoor.id in wanted:
        raise Unprocessable("A track cannot be an interface of itself.", code="raakvlak_zelf")
    if wanted:
        known = set(
            await session.scalars(select(Spoor.id).where(Spoor.tenant == spoor.tenant, Spoor.id.in_(list(wanted))))
        )
        unknown = [str(i) for i in wanted if i not in known]
        if unknown:
            raise Unprocessable(
                f"Unknown track(s) in raakvlakken: {', '.join(unknown)}.",
                code="raakvlak_onbekend",
                invalid_params=[
                    InvalidParam(name="raakvlakken", code="unknown", reason=f"no track {i} in {spoor.tenant}")
                    for i in unknown
                ],
            )
    existing = list(await session.scalars(select(Raakvlak).where(Raakvlak.spoor_id == spoor.id)))
    for row in existing:
        await session.delete(row)
    await session.flush()
    for other, reden in wanted.items():
        session.add(Raakvlak(tenant=spoor.tenant, spoor_id=spoor.id, ander_spoor_id=other, reden=reden))
    await session.flush()


def _spoor_event(cls: type[events.SpoorSnapshot], spoor: Spoor) -> events.SpoorSnapshot:
    return cls(spoorId=spoor.id, nummer=spoor.nummer, naam=spoor.naam, status=spoor.status, versie=spoor.versie)


async def create_spoor(session: AsyncSession, tenant: str, data: SpoorCreate) -> Spoor:
    """Add a track; its number is unique within the municipality."""
    if await session.scalar(select(Spoor.id).where(Spoor.tenant == tenant, Spoor.nummer == data.nummer)):
        raise Conflict(f"Spoor number {data.nummer} already exists in {tenant}.", code="nummer_bezet")
    fields = data.model_dump(mode="json", exclude={"raakvlakken"})
    spoor = Spoor(id=uuid.uuid4(), tenant=tenant, versie=1, **fields)
    session.add(spoor)
    await session.flush()
    await _set_raakvlakken(session, spoor, data.raakvlakken)
    await remember(session, spoor, "aangemaakt", await _spoor_state(session, spoor))
    await record_event(
        session, EVENTS, _spoor_event(events.SpoorAangemaakt, spoor), tenant=tenant, subject=str(spoor.id)
    )
    return spoor


async def update_spoor(
    session: AsyncSession, tenant: str, spoor_id: uuid.UUID, *, data: SpoorUpdate, if_match: int | None
) -> Spoor:
    """Change a track if the caller saw its current version (never a silent overwrite)."""
    spoor = await get_or_raise(session, Spoor, tenant, spoor_id, lock=True)
    check_version(spoor, if_match if if_match is not None else data.versie)
    changes = changes_of(data)
    links = changes.pop("raakvlakken", None)
    if links is not None:
        await _set_raakvlakken(session, spoor, data.raakvlakken or [])
    for key, value in changes.items():
        setattr(spoor, key, value)
    spoor.versie += 1
    await session.flush()
    await remember(session, spoor, "gewijzigd", await _spoor_state(session, spoor))
    await record_event(
        session, EVENTS, _spoor_event(events.SpoorGewijzigd, spoor), tenant=tenant, subject=str(spoor.id)
    )
    return spoor


#: A track's status follows its latest state: changed in scope it is still active; evaluated, it is completed.
STATUS_OF_STAND = {"actief": "actief", "gewijzigd": "actief", "afgerond": "afgerond", "geevalueerd": "afgerond"}


async def list_standen(session: AsyncSession, tenant: str, spoor_id: uuid.UUID) -> list[Spoorstand]:
    await get_or_raise(session, Spoor, tenant, spoor_id)
    query = select(Spoorstand).where(Spoorstand.tenant == tenant, Spoorstand.spoor_id == spoor_id)
    return list(await session.scalars(query.order_by(Spoorstand.periode)))


async def record_stand(session: AsyncSession, tenant: str, spoor_id: uuid.UUID, data: SpoorstandCreate) -> Spoorstand:
    """Record a track's state in a half year (once per half year; the earlier ones stay). The latest state sets the
    track's status (and a changed scope its description), as a versioned change of the track."""
    spoor = await get_or_raise(session, Spoor, tenant, spoor_id, lock=True)
    taken = await session.scalar(
        select(Spoorstand.id).where(
            Spoorstand.tenant == tenant, Spoorstand.spoor_id == spoor_id, Spoorstand.periode == data.periode
        )
    )
    if taken:
        raise Conflict(f"Track {spoor.nummer} has a state for {data.periode} already.", code="bestaat_al")
    stand = Spoorstand(id=uuid.uuid4(), tenant=tenant, spoor_id=spoor_id, **columns_of(data))
    session.add(stand)
    await session.flush()
    event = events.SpoorstandVastgelegd(
        spoorstandId=stand.id, spoorId=spoor_id, periode=stand.periode, status=stand.status
    )
    await record_event(session, EVENTS, event, tenant=tenant, subject=str(spoor_id))
    latest = await session.scalar(
        select(func.max(Spoorstand.periode)).where(Spoorstand.tenant == tenant, Spoorstand.spoor_id == spoor_id)
    )
    if latest == stand.periode:
        change: dict[str, object] = {"status": STATUS_OF_STAND[stand.status]}
        if stand.status == "gewijzigd" and stand.omschrijving:
            change["omschrijving"] = stand.omschrijving
        if any(getattr(spoor, key) != value for key, value in change.items()):
            await update_spoor(
                session, tenant, spoor_id, data=SpoorUpdate.model_validate(change), if_match=spoor.versie
            )
    return stand
