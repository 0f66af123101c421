"""Rules of the sporen service. Functions only flush; the request's transaction commits once (see libs/common).

Every create and update of a versioned thing goes through `_created` / `_update`: they bump the version, keep the
full new state in `wijziging` (history) and put the event in the outbox, all in the caller's transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Set
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.contracts import sporen as events
from stuurcyclus_common.db import table_of, text_search
from stuurcyclus_common.errors import (
    Conflict,
    InvalidInput,
    InvalidParam,
    Unprocessable,
)
from stuurcyclus_common.events import EventData, record_event
from stuurcyclus_common.gemeenten import area_belongs_to
from stuurcyclus_common.pagination import PageParams, paginate
from stuurcyclus_common.versioning import check_version, get_or_raise

from . import schemas
from .models import (
    EVENTS,
    Aandachtsgroep,
    Ambitie,
    Beweging,
    Interventie,
    Opgave,
    Raakvlak,
    Rapporttekst,
    Resultaatafspraak,
    Risico,
    RisicoRevisie,
    Spoor,
    Versioned,
    Voortgang,
    Wijziging,
)

M = TypeVar("M", bound=Versioned)


# --- shared mechanics -----------------------------------------------------------------------------------------------


async def _remember(session: AsyncSession, thing: Versioned, actie: str, state: dict[str, Any]) -> None:
    session.add(
        Wijziging(
            tenant=thing.tenant,
            soort=table_of(type(thing)).name,
            object_id=thing.id,
            versie=thing.versie,
            actie=actie,
            toestand=state,
        )
    )


async def _created(session: AsyncSession, thing: M, state: Callable[[M], dict], event: EventData) -> M:
    session.add(thing)
    await session.flush()
    await _remember(session, thing, "aangemaakt", state(thing))
    await record_event(session, EVENTS, event, tenant=thing.tenant, subject=str(thing.id))
    return thing


async def _update(
    session: AsyncSession,
    model: type[M],
    tenant: str,
    object_id: uuid.UUID,
    data: schemas.Body,
    if_match: int | None,
    read: type[schemas.Out],
    event: Callable[[M], EventData],
) -> M:
    """Lock the thing, check the caller saw its current version, apply the fields sent, keep history, emit."""
    thing = await get_or_raise(session, model, tenant, object_id, lock=True)
    check_version(thing, if_match if if_match is not None else data.versie)  # type: ignore[attr-defined]
    for key, value in _changes(data).items():
        setattr(thing, key, value)
    thing.versie += 1
    await session.flush()
    await _remember(session, thing, "gewijzigd", _state(read)(thing))
    await record_event(session, EVENTS, event(thing), tenant=thing.tenant, subject=str(thing.id))
    return thing


def _changes(data: schemas.Body) -> dict[str, Any]:
    """The fields the caller sent (JSON-ready, so nested records store as JSONB), without the version guard."""
    return data.model_dump(mode="json", exclude_unset=True, exclude={"versie"})


async def history(session: AsyncSession, model: type[Versioned], tenant: str, object_id: uuid.UUID) -> list[Wijziging]:
    await get_or_raise(session, model, tenant, object_id)
    query = (
        select(Wijziging)
        .where(Wijziging.tenant == tenant, Wijziging.soort == table_of(model).name, Wijziging.object_id == object_id)
        .order_by(Wijziging.versie)
    )
    return list(await session.scalars(query))


# --- sporen ---------------------------------------------------------------------------------------------------------


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


async def raakvlakken(session: AsyncSession, spoor_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[schemas.RaakvlakRead]]:
    """The interfaces of these tracks, the other track expanded (number and name)."""
    rows = await session.execute(
        select(Raakvlak.spoor_id, Raakvlak.reden, Spoor.id, Spoor.nummer, Spoor.naam)
        .join(Spoor, Spoor.id == Raakvlak.ander_spoor_id)
        .where(Raakvlak.spoor_id.in_(spoor_ids))
        .order_by(Spoor.nummer)
    )
    found: dict[uuid.UUID, list[schemas.RaakvlakRead]] = {i: [] for i in spoor_ids}
    for spoor_id, reden, other_id, nummer, naam in rows:
        found[spoor_id].append(schemas.RaakvlakRead(spoor_id=other_id, nummer=nummer, naam=naam, reden=reden))
    return found


async def spoor_read(session: AsyncSession, spoor: Spoor, expand: Set[str] = frozenset()) -> schemas.SpoorRead:
    read = schemas.SpoorRead.model_validate(spoor)
    read.raakvlakken = (await raakvlakken(session, [spoor.id]))[spoor.id]
    if "interventies" in expand:
        read.interventies = [schemas.InterventieRead.model_validate(i) for i in await list_interventies(session, spoor)]
    if "voortgang" in expand:
        read.voortgang = [schemas.VoortgangRead.model_validate(v) for v in await list_voortgang(session, spoor)]
    if "risicos" in expand:
        read.risicos = await risico_reads(session, await list_risicos_of(session, spoor))
    return read


async def _spoor_state(session: AsyncSession, spoor: Spoor) -> dict:
    return (await spoor_read(session, spoor)).model_dump(mode="json", by_alias=True)


async def _set_raakvlakken(session: AsyncSession, spoor: Spoor, links: list[schemas.RaakvlakIn]) -> None:
    """Replace the track's interfaces; every linked track must exist in the same municipality and not be itself."""
    wanted = {link.spoor_id: link.reden for link in links}
    if spoor.id in wanted:
        raise Unprocessable("A track cannot be an interface of itself.", code="raakvlak_self")
    if wanted:
        known = set(
            await session.scalars(select(Spoor.id).where(Spoor.tenant == spoor.tenant, Spoor.id.in_(list(wanted))))
        )
        unknown = [str(i) for i in wanted if i not in known]
        if unknown:
            raise Unprocessable(
                f"Unknown track(s) in raakvlakken: {', '.join(unknown)}.",
                code="raakvlak_unknown",
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


async def create_spoor(session: AsyncSession, tenant: str, data: schemas.SpoorCreate) -> Spoor:
    """Add a track; its number is unique within the municipality."""
    if await session.scalar(select(Spoor.id).where(Spoor.tenant == tenant, Spoor.nummer == data.nummer)):
        raise Conflict(f"Spoor number {data.nummer} already exists in {tenant}.", code="nummer_taken")
    fields = data.model_dump(mode="json", exclude={"raakvlakken"})
    spoor = Spoor(id=uuid.uuid4(), tenant=tenant, versie=1, **fields)
    session.add(spoor)
    await session.flush()
    await _set_raakvlakken(session, spoor, data.raakvlakken)
    await _remember(session, spoor, "aangemaakt", await _spoor_state(session, spoor))
    await record_event(
        session, EVENTS, _spoor_event(events.SpoorAangemaakt, spoor), tenant=tenant, subject=str(spoor.id)
    )
    return spoor


async def update_spoor(
    session: AsyncSession, tenant: str, spoor_id: uuid.UUID, data: schemas.SpoorUpdate, if_match: int | None
) -> Spoor:
    """Change a track if the caller saw its current version (never a silent overwrite)."""
    spoor = await get_or_raise(session, Spoor, tenant, spoor_id, lock=True)
    check_version(spoor, if_match if if_match is not None else data.versie)
    changes = _changes(data)
    links = changes.pop("raakvlakken", None)
    if links is not None:
        await _set_raakvlakken(session, spoor, data.raakvlakken or [])
    for key, value in changes.items():
        setattr(spoor, key, value)
    spoor.versie += 1
    await session.flush()
    await _remember(session, spoor, "gewijzigd", await _spoor_state(session, spoor))
    await record_event(
        session, EVENTS, _spoor_event(events.SpoorGewijzigd, spoor), tenant=tenant, subject=str(spoor.id)
    )
    return spoor


# --- bewegingen, ambities, aandachtsgroepen, opgaven -------------------------------------------------------------


def _state(schema: type[schemas.Out]) -> Callable[[Versioned], dict]:
    return lambda thing: schema.model_validate(thing).model_dump(mode="json", by_alias=True)


async def list_of(
    session: AsyncSession, model: type[M], tenant: str, params: PageParams, order: Any, *filters: Any
) -> tuple[int, list[M]]:
    return await paginate(session, select(model).where(model.tenant == tenant, *filters).order_by(order), params)


async def _unique(session: AsyncSession, model: type[Versioned], tenant: str, what: str, **key: Any) -> None:
    clauses = [getattr(model, k) == v for k, v in key.items()]
    if await session.scalar(select(model.id).where(model.tenant == tenant, *clauses)):
        raise Conflict(f"{model.__name__} with {what} already exists in {tenant}.", code="already_exists")


async def create_beweging(session: AsyncSession, tenant: str, data: schemas.BewegingCreate) -> Beweging:
    await _unique(session, Beweging, tenant, f"code {data.code}", code=data.code)
    beweging = Beweging(id=uuid.uuid4(), tenant=tenant, versie=1, **data.model_dump(mode="json"))
    event = events.BewegingAangemaakt(bewegingId=beweging.id, code=beweging.code, naam=beweging.naam, versie=1)
    return await _created(session, beweging, _state(schemas.BewegingRead), event)


async def update_beweging(
    session: AsyncSession, tenant: str, object_id: uuid.UUID, data: schemas.BewegingUpdate, if_match: int | None
) -> Beweging:
    return await _update(
        session,
        Beweging,
        tenant,
        object_id,
        data,
        if_match,
        schemas.BewegingRead,
        lambda b: events.BewegingGewijzigd(bewegingId=b.id, code=b.code, naam=b.naam, versie=b.versie),
    )


async def create_ambitie(session: AsyncSession, tenant: str, data: schemas.AmbitieCreate) -> Ambitie:
    await _unique(session, Ambitie, tenant, f"number {data.nummer}", nummer=data.nummer)
    ambitie = Ambitie(id=uuid.uuid4(), tenant=tenant, versie=1, **data.model_dump(mode="json"))
    event = events.AmbitieAangemaakt(ambitieId=ambitie.id, nummer=ambitie.nummer, naam=ambitie.naam, versie=1)
    return await _created(session, ambitie, _state(schemas.AmbitieRead), event)


async def update_ambitie(
    session: AsyncSession, tenant: str, object_id: uuid.UUID, data: schemas.AmbitieUpdate, if_match: int | None
) -> Ambitie:
    return await _update(
        session,
        Ambitie,
        tenant,
        object_id,
        data,
        if_match,
        schemas.AmbitieRead,
        lambda a: events.AmbitieGewijzigd(ambitieId=a.id, nummer=a.nummer, naam=a.naam, versie=a.versie),
    )


async def create_aandachtsgroep(
    session: AsyncSession, tenant: str, data: schemas.AandachtsgroepCreate
) -> Aandachtsgroep:
    await _unique(session, Aandachtsgroep, tenant, f"name {data.naam!r}", naam=data.naam)
    groep = Aandachtsgroep(id=uuid.uuid4(), tenant=tenant, versie=1, **data.model_dump(mode="json"))
    event = events.AandachtsgroepAangemaakt(aandachtsgroepId=groep.id, naam=groep.naam, versie=1)
    return await _created(session, groep, _state(schemas.AandachtsgroepRead), event)


async def create_opgave(session: AsyncSession, tenant: str, data: schemas.OpgaveCreate) -> Opgave:
    for i, gebied in enumerate(data.gebieden):
        if not area_belongs_to(gebied, tenant):
            raise InvalidInput.field(f"gebieden.{i}", f"{gebied} is not {tenant} or one of its wijken or buurten")
    await _unique(session, Opgave, tenant, f"name {data.naam!r} in {data.jaar}", jaar=data.jaar, naam=data.naam)
    opgave = Opgave(id=uuid.uuid4(), tenant=tenant, versie=1, **data.model_dump(mode="json"))
    event = events.OpgaveAangemaakt(
        opgaveId=opgave.id, jaar=opgave.jaar, naam=opgave.naam, soort=opgave.soort, versie=1
    )
    return await _created(session, opgave, _state(schemas.OpgaveRead), event)


# --- uitklapmodel: interventies and resultaatafspraken ---------------------------------------------------------------


async def list_interventies(session: AsyncSession, spoor: Spoor) -> list[Interventie]:
    return list(
        await session.scalars(select(Interventie).where(Interventie.spoor_id == spoor.id).order_by(Interventie.naam))
    )


async def create_interventie(
    session: AsyncSession, tenant: str, spoor_id: uuid.UUID, data: schemas.InterventieCreate
) -> Interventie:
    spoor = await get_or_raise(session, Spoor, tenant, spoor_id)
    interventie = Interventie(
        id=uuid.uuid4(), tenant=tenant, versie=1, spoor_id=spoor.id, **data.model_dump(mode="json")
    )
    event = events.InterventieAangemaakt(
        interventieId=interventie.id, spoorId=spoor.id, naam=interventie.naam, versie=1
    )
    return await _created(session, interventie, _state(schemas.InterventieRead), event)


async def update_interventie(
    session: AsyncSession, tenant: str, object_id: uuid.UUID, data: schemas.InterventieUpdate, if_match: int | None
) -> Interventie:
    return await _update(
        session,
        Interventie,
        tenant,
        object_id,
        data,
        if_match,
        schemas.InterventieRead,
        lambda i: events.InterventieGewijzigd(interventieId=i.id, spoorId=i.spoor_id, naam=i.naam, versie=i.versie),
    )


async def list_resultaatafspraken(
    session: AsyncSession, tenant: str, interventie_id: uuid.UUID
) -> list[Resultaatafspraak]:
    interventie = await get_or_raise(session, Interventie, tenant, interventie_id)
    query = select(Resultaatafspraak).where(Resultaatafspraak.interventie_id == interventie.id)
    return list(await session.scalars(query.order_by(Resultaatafspraak.partner)))


async def create_resultaatafspraak(
    session: AsyncSession, tenant: str, interventie_id: uuid.UUID, data: schemas.ResultaatafspraakCreate
) -> Resultaatafspraak:
    interventie = await get_or_raise(session, Interventie, tenant, interventie_id)
    afspraak = Resultaatafspraak(
        id=uuid.uuid4(), tenant=tenant, versie=1, interventie_id=interventie.id, **data.model_dump(mode="json")
    )
    event = events.ResultaatafspraakAangemaakt(
        resultaatafspraakId=afspraak.id,
        interventieId=interventie.id,
        spoorId=interventie.spoor_id,
        partner=afspraak.partner,
        versie=1,
    )
    return await _created(session, afspraak, _state(schemas.ResultaatafspraakRead), event)


async def update_resultaatafspraak(
    session: AsyncSession,
    tenant: str,
    object_id: uuid.UUID,
    data: schemas.ResultaatafspraakUpdate,
    if_match: int | None,
) -> Resultaatafspraak:
    interventie_id = select(Resultaatafspraak.interventie_id).where(Resultaatafspraak.id == object_id)
    spoor_id = await session.scalar(
        select(Interventie.spoor_id).where(Interventie.id == interventie_id.scalar_subquery())
    )
    return await _update(
        session,
        Resultaatafspraak,
        tenant,
        object_id,
        data,
        if_match,
        schemas.ResultaatafspraakRead,
        lambda a: events.ResultaatafspraakGewijzigd(
            resultaatafspraakId=a.id,
            interventieId=a.interventie_id,
            spoorId=spoor_id,
            partner=a.partner,
            versie=a.versie,
        ),
    )


# --- voortgang ------------------------------------------------------------------------------------------------------


async def list_voortgang(session: AsyncSession, spoor: Spoor) -> list[Voortgang]:
    return list(
        await session.scalars(select(Voortgang).where(Voortgang.spoor_id == spoor.id).order_by(Voortgang.periode))
    )


async def create_voortgang(
    session: AsyncSession, tenant: str, spoor_id: uuid.UUID, data: schemas.VoortgangCreate
) -> Voortgang:
    spoor = await get_or_raise(session, Spoor, tenant, spoor_id)
    taken = await session.scalar(
        select(Voortgang.id).where(Voortgang.spoor_id == spoor.id, Voortgang.periode == data.periode)
    )
    if taken:
        raise Conflict(
            f"Progress of spoor {spoor.nummer} for {data.periode} exists; change it instead.", code="already_exists"
        )
    voortgang = Voortgang(id=uuid.uuid4(), tenant=tenant, versie=1, spoor_id=spoor.id, **data.model_dump(mode="json"))
    event = events.VoortgangVastgelegd(voortgangId=voortgang.id, spoorId=spoor.id, periode=voortgang.periode, versie=1)
    return await _created(session, voortgang, _state(schemas.VoortgangRead), event)


async def update_voortgang(
    session: AsyncSession, tenant: str, object_id: uuid.UUID, data: schemas.VoortgangUpdate, if_match: int | None
) -> Voortgang:
    return await _update(
        session,
        Voortgang,
        tenant,
        object_id,
        data,
        if_match,
        schemas.VoortgangRead,
        lambda v: events.VoortgangGewijzigd(voortgangId=v.id, spoorId=v.spoor_id, periode=v.periode, versie=v.versie),
    )


# --- rapportteksten: the report's chapters that are not per track ---------------------------------------------------


async def list_rapportteksten(session: AsyncSession, tenant: str, periode: str | None) -> list[Rapporttekst]:
    """A municipality's report texts (of one half year), in the report's order of chapters."""
    query = select(Rapporttekst).where(Rapporttekst.tenant == tenant)
    if periode:
        query = query.where(Rapporttekst.periode == periode)
    order = {h.value: n for n, h in enumerate(schemas.Hoofdstuk)}
    return sorted(await session.scalars(query), key=lambda t: (t.periode, order.get(t.hoofdstuk, 99)))


async def create_rapporttekst(session: AsyncSession, tenant: str, data: schemas.RapporttekstCreate) -> Rapporttekst:
    await _unique(session, Rapporttekst, tenant, f"{data.hoofdstuk.value} of {data.periode}", periode=data.periode,
                  hoofdstuk=data.hoofdstuk.value)  # fmt: skip
    fields = data.model_dump(mode="json")
    fields["titel"] = data.titel or schemas.HOOFDSTUK_TITELS[data.hoofdstuk]
    tekst = Rapporttekst(id=uuid.uuid4(), tenant=tenant, versie=1, **fields)
    event = events.RapporttekstVastgelegd(
        rapporttekstId=tekst.id, periode=tekst.periode, hoofdstuk=tekst.hoofdstuk, versie=1
    )
    return await _created(session, tekst, _state(schemas.RapporttekstRead), event)


async def update_rapporttekst(
    session: AsyncSession, tenant: str, object_id: uuid.UUID, data: schemas.RapporttekstUpdate, if_match: int | None
) -> Rapporttekst:
    return await _update(
        session,
        Rapporttekst,
        tenant,
        object_id,
        data,
        if_match,
        schemas.RapporttekstRead,
        lambda t: events.RapporttekstGewijzigd(
            rapporttekstId=t.id, periode=t.periode, hoofdstuk=t.hoofdstuk, versie=t.versie
        ),
    )


# --- risico's -------------------------------------------------------------------------------------------------------


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


async def risico_reads(session: AsyncSession, risicos: list[Risico]) -> list[schemas.RisicoRead]:
    latest = {r.risico_id: r for r in await revisies(session, [r.id for r in risicos], latest_only=True)}
    return [
        schemas.RisicoRead(
            id=r.id,
            tenant=r.tenant,
            versie=r.versie,
            spoor_id=r.spoor_id,
            titel=r.titel,
            huidig=schemas.RisicoRevisieRead.model_validate(latest[r.id]),
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
    )


def _revisie(risico: Risico, data: schemas.Beoordeling) -> RisicoRevisie:
    return RisicoRevisie(
        id=uuid.uuid4(),
        tenant=risico.tenant,
        risico_id=risico.id,
        versie=risico.versie,
        **data.model_dump(mode="json", include={"periode", "onderdelen", "weging", "bedrag_cent", "toelichting"}),
    )


async def create_risico(session: AsyncSession, tenant: str, spoor_id: uuid.UUID, data: schemas.RisicoCreate) -> Risico:
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
    session: AsyncSession, tenant: str, risico_id: uuid.UUID, data: schemas.RisicoRevisieCreate, if_match: int | None
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
