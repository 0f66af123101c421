"""Loads Zwolle's reform agenda (`seed_zwolle.py`) through the service layer, so that every record gets its
history and its event like any other change. Idempotent: what exists (by its natural key) is left alone, so
loading twice gives the same state.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.db import Database

from .agenda import service as agenda_service
from .agenda.schemas import AandachtsgroepCreate, AmbitieCreate, BewegingCreate, OpgaveCreate
from .lessen import service as lessen_service
from .lessen.schemas import LesCreate
from .maatregelen import service as maatregelen_service
from .maatregelen.schemas import MaatregelCreate
from .models import (
    Aandachtsgroep,
    Ambitie,
    Beweging,
    Interventie,
    Les,
    Maatregel,
    Ontwikkeling,
    Opgave,
    Raakvlak,
    Rapporttekst,
    Risico,
    Spoor,
    Spoorstand,
    Voortgang,
)
from .ontwikkelingen import service as ontwikkelingen_service
from .ontwikkelingen.schemas import OntwikkelingCreate
from .rapportteksten import service as rapportteksten_service
from .rapportteksten.schemas import RapporttekstCreate
from .risicos import service as risicos_service
from .risicos.schemas import RisicoCreate
from .seed_zwolle import AANDACHTSGROEPEN, AMBITIES, BEWEGINGEN, OPGAVEN_2020, RISICOS_2020, SPOREN
from .spoor import service as spoor_service
from .spoor.schemas import SpoorCreate, SpoorstandCreate, SpoorUpdate
from .uitklapmodel import service as uitklapmodel_service
from .uitklapmodel.schemas import InterventieCreate
from .voortgang import service as voortgang_service
from .voortgang.schemas import VoortgangCreate

ZWOLLE = "GM0193"
#: What staff wrote for a half year's report (its chapters and each track's update), one JSON file per half year.
TEKSTEN = sorted((Path(__file__).parent / "data").glob("halfjaar_*.json"))
#: After 2020: the collectivisation measure and the Koers Sociaal Domein 2023.
NA_2020 = Path(__file__).parent / "data" / "na_2020.json"
TRACK_ONLY = {"raakvlakken", "gerealiseerd_2020s1", "uitgelicht_2020s1", "interventies"}


async def seed(database: Database) -> str:
    async with database.session_scope() as session:
        added = await seed_tenant(session, ZWOLLE)
    return f"{added} Zwolle records added" if added else "Zwolle's agenda already loaded (0 records added)"


async def seed_tenant(session: AsyncSession, tenant: str) -> int:
    added = 0
    sporen = {s.nummer: s for s in await session.scalars(select(Spoor).where(Spoor.tenant == tenant))}
    for data in SPOREN:
        if data["nummer"] not in sporen:
            fields = {k: v for k, v in data.items() if k not in TRACK_ONLY}
            sporen[data["nummer"]] = await spoor_service.create_spoor(session, tenant, SpoorCreate(**fields))
            added += 1
    for data in SPOREN:  # interfaces need every track to exist first
        spoor = sporen[data["nummer"]]
        has_links = await session.scalar(select(Raakvlak.spoor_id).where(Raakvlak.spoor_id == spoor.id).limit(1))
        if data.get("raakvlakken") and not has_links:
            links = [{"spoor_id": sporen[n].id, "reden": reden} for n, reden in data["raakvlakken"].items()]
            update = SpoorUpdate(raakvlakken=links)
            await spoor_service.update_spoor(session, tenant, spoor.id, data=update, if_match=spoor.versie)
            added += 1
        added += await _track_details(session, tenant, spoor, data)
    for data in BEWEGINGEN:
        if not await _exists(session, Beweging, tenant, code=data["code"]):
            await agenda_service.create_beweging(session, tenant, BewegingCreate(**data))
            added += 1
    for data in AMBITIES:
        if not await _exists(session, Ambitie, tenant, nummer=data["nummer"]):
            await agenda_service.create_ambitie(session, tenant, AmbitieCreate(**data))
            added += 1
    for volgorde, naam in enumerate(AANDACHTSGROEPEN, start=1):
        if not await _exists(session, Aandachtsgroep, tenant, naam=naam):
            await agenda_service.create_aandachtsgroep(
                session, tenant, AandachtsgroepCreate(naam=naam, volgorde=volgorde)
            )
            added += 1
    for data in OPGAVEN_2020:
        if not await _exists(session, Opgave, tenant, jaar=data["jaar"], naam=data["naam"]):
            await agenda_service.create_opgave(session, tenant, OpgaveCreate(**data))
            added += 1
    for path in TEKSTEN:
        added += await _report_texts(session, tenant, sporen, json.loads(path.read_text(encoding="utf-8")))
    added += await _past_2020(session, tenant, sporen, json.loads(NA_2020.read_text(encoding="utf-8")))
    return added


async def _past_2020(session: AsyncSession, tenant: str, sporen: dict[int, Spoor], data: dict) -> int:
    """The collectivisation measure (003_…) and the Koers 2023's developments, lessons, results and track states
    (004_…), recorded as staff would through the API, where missing."""
    added = 0
    for maatregel in data["MAATREGELEN"]:
        if not await _exists(session, Maatregel, tenant, code=maatregel["code"]):
            await maatregelen_service.create_maatregel(session, tenant, MaatregelCreate.model_validate(maatregel))
            added += 1
    for ontwikkeling in data["ONTWIKKELINGEN"]:
        if not await _exists(
            session, Ontwikkeling, tenant, periode=ontwikkeling["periode"], titel=ontwikkeling["titel"]
        ):
            body = OntwikkelingCreate.model_validate(ontwikkeling)
            await ontwikkelingen_service.create_ontwikkeling(session, tenant, body)
            added += 1
    for les in data["LESSEN"]:
        if not await _exists(session, Les, tenant, periode=les["periode"], titel=les["titel"]):
            await lessen_service.create_les(session, tenant, LesCreate.model_validate(les))
            added += 1
    for stand in data["SPOORSTANDEN"]:
        spoor = sporen.get(stand["spoor"])
        taken = spoor and await session.scalar(
            select(Spoorstand.id).where(Spoorstand.spoor_id == spoor.id, Spoorstand.periode == stand["periode"])
        )
        if spoor and not taken:
            state = SpoorstandCreate.model_validate({k: v for k, v in stand.items() if k != "spoor"})
            await spoor_service.record_stand(session, tenant, spoor.id, state)
            added += 1
    return added


async def _report_texts(session: AsyncSession, tenant: str, sporen: dict[int, Spoor], texts: dict) -> int:
    """A half year's chapters and each track's update, written as staff would through the API, where missing."""
    added = 0
    periode = texts["periode"]
    for chapter in texts["hoofdstukken"]:
        if not await _exists(session, Rapporttekst, tenant, periode=periode, hoofdstuk=chapter["hoofdstuk"]):
            await rapportteksten_service.create_rapporttekst(
                session, tenant, RapporttekstCreate(periode=periode, **chapter)
            )
            added += 1
    for nummer, update in texts["sporen"].items():
        spoor = sporen.get(int(nummer))
        if spoor and not await _exists(session, Voortgang, tenant, spoor_id=spoor.id, periode=periode):
            await voortgang_service.create_voortgang(
                session, tenant, spoor.id, VoortgangCreate(periode=periode, **update)
            )
            added += 1
    return added


async def _track_details(session: AsyncSession, tenant: str, spoor: Spoor, data: dict) -> int:
    """Progress 2020S1, interventions and the 2020 risk of one track, where missing."""
    added = 0
    if data.get("gerealiseerd_2020s1") and not await _exists(
        session, Voortgang, tenant, spoor_id=spoor.id, periode="2020S1"
    ):
        voortgang = VoortgangCreate(
            periode="2020S1", gerealiseerd=data["gerealiseerd_2020s1"], uitgelicht=data.get("uitgelicht_2020s1", [])
        )
        await voortgang_service.create_voortgang(session, tenant, spoor.id, voortgang)
        added += 1
    for interventie in data.get("interventies", []):
        if not await _exists(session, Interventie, tenant, spoor_id=spoor.id, naam=interventie["naam"]):
            await uitklapmodel_service.create_interventie(session, tenant, spoor.id, InterventieCreate(**interventie))
            added += 1
    risico = RISICOS_2020.get(spoor.nummer)
    if risico and not await _exists(session, Risico, tenant, spoor_id=spoor.id, titel=risico["titel"]):
        await risicos_service.create_risico(session, tenant, spoor.id, RisicoCreate(**risico))
        added += 1
    return added


async def _exists(session: AsyncSession, model: Any, tenant: str, **key: object) -> bool:
    clauses = [getattr(model, k) == v for k, v in key.items()]
    return await session.scalar(select(model.id).where(model.tenant == tenant, *clauses).limit(1)) is not None
