"""The subsidy call (uitvraag): its ceilings, indicators and publication, closed with its phase."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.contracts import gesprekstafels as events
from stuurcyclus_common.deadlines import end_of_day, is_past
from stuurcyclus_common.errors import Conflict, Unprocessable
from stuurcyclus_common.pagination import PageParams, paginate
from stuurcyclus_common.versioning import get_or_raise, referenced

from ..cyclus import service as cycle
from ..models import (
    Cyclus,
    IndicatorReferentie,
    PlafondReferentie,
    Tafel,
    Uitkomst,
    Uitvraag,
)
from ..shared.rules import emit, known_ambitie, row_of, unprocessable
from ..tafels.service import ordered_outcomes
from . import schemas


async def _check_indicators(session: AsyncSession, tenant: str, codes: list[str], name: str) -> None:
    known = set(
        await session.scalars(
            select(IndicatorReferentie.code).where(
                IndicatorReferentie.tenant == tenant, IndicatorReferentie.code.in_(codes)
            )
        )
    )
    for index, code in enumerate(codes):
        if code not in known:
            raise unprocessable(f"{name}[{index}]", f"indicator {code!r} is not known in indicatoren", "onbekend")
    if len(set(codes)) != len(codes):
        raise unprocessable(name, "an indicator is named twice", "dubbel")


async def current_plafond(session: AsyncSession, tenant: str, ambitie_id: uuid.UUID, jaar: int) -> int | None:
    return await session.scalar(
        select(PlafondReferentie.bedrag_cent).where(
            PlafondReferentie.tenant == tenant,
            PlafondReferentie.ambitie_id == ambitie_id,
            PlafondReferentie.jaar == jaar,
        )
    )


async def ceiling_sisa_code(session: AsyncSession, tenant: str, ambitie_id: uuid.UUID, jaar: int) -> str | None:
    """The SiSa code financien set on the ceiling: a grant falls under it when neither it nor its call names one."""
    return await session.scalar(
        select(PlafondReferentie.sisa_code).where(
            PlafondReferentie.tenant == tenant,
            PlafondReferentie.ambitie_id == ambitie_id,
            PlafondReferentie.jaar == jaar,
        )
    )


async def create_uitvraag(session: AsyncSession, tenant: str, data: schemas.UitvraagCreate) -> Uitvraag:
    cyclus = await cycle.get_cyclus(session, tenant, data.jaar)
    await known_ambitie(session, tenant, data.ambitie_id)
    january = (await cycle.fasen(session, cyclus))["thematafels-januari"]
    if january.status != "gesloten":
        raise Conflict(
            "The call is built from the January tables' prioritised tasks: "
            f"close thematafels-januari {data.jaar} first.",
            code="fase_vereist",
        )
    if await session.scalar(
        select(Uitvraag.id).where(
            Uitvraag.tenant == tenant, Uitvraag.cyclus_id == cyclus.id, Uitvraag.ambitie_id == data.ambitie_id
        )
    ):
        raise Conflict(f"This ambition already has a call in {data.jaar}.", code="bestaat_al")
    if is_past(data.deadline):
        raise unprocessable("deadline", f"{data.deadline} has passed", "in_verleden")
    await _check_indicators(session, tenant, data.indicatoren, "indicatoren")
    codes = [d.code for d in data.deelplafonds]
    if len(set(codes)) != len(codes):
        raise unprocessable("deelplafonds", "a sub-ceiling code is used twice", "dubbel")
    tasks = await session.scalars(
        ordered_outcomes(
            select(Uitkomst)
            .join(Tafel, Tafel.id == Uitkomst.tafel_id)
            .where(
                Tafel.cyclus_id == cyclus.id,
                Tafel.fase == "thematafels-januari",
                Tafel.ambitie_id == data.ambitie_id,
                Uitkomst.soort.in_(["prioriteit", "opgave"]),
            )
        )
        .order_by(None)
        .order_by(Uitkomst.soort.desc(), Uitkomst.rang.nulls_last(), Uitkomst.vastgelegd_op)
    )
    opgaven = [{"uitkomstId": str(u.id), "soort": u.soort, "tekst": u.tekst, "rang": u.rang} for u in tasks]
    uitvraag = Uitvraag(
        tenant=tenant,
        cyclus_id=cyclus.id,
        status="concept",
        opgaven=opgaven,
        versie=1,
        deelplafonds=[d.model_dump(mode="json", by_alias=True) for d in data.deelplafonds],
        betaalwijze=data.betaalwijze.model_dump(mode="json", by_alias=True) if data.betaalwijze else None,
        verantwoordingsregime=_regime(data.verantwoordingsregime),
        **data.model_dump(
            mode="json",
            exclude={"jaar", "deadline", "ambitie_id", "deelplafonds", "betaalwijze", "verantwoordingsregime"},
        ),
    )
    uitvraag.deadline, uitvraag.ambitie_id = data.deadline, data.ambitie_id
    session.add(uitvraag)
    await session.flush()
    return uitvraag


def _regime(tiers: list[schemas.Trede] | None) -> list[dict] | None:
    return None if tiers is None else [t.model_dump(mode="json", by_alias=True) for t in tiers]


async def publish_uitvraag(session: AsyncSession, tenant: str, uitvraag_id: uuid.UUID) -> Uitvraag:
    uitvraag = await get_or_raise(session, Uitvraag, tenant, uitvraag_id, lock=True)
    cyclus = await referenced(session, Cyclus, uitvraag.cyclus_id)
    if uitvraag.status != "concept":
        raise Conflict(f"The call is {uitvraag.status} already.", code="uitvraag_niet_concept")
    await cycle.require_open(session, cyclus, "uitvraag", "publish a call")
    if is_past(uitvraag.deadline):
        raise unprocessable("deadline", f"{uitvraag.deadline} has passed", "in_verleden")
    plafond = await current_plafond(session, tenant, uitvraag.ambitie_id, cyclus.subsidiejaar)
    if plafond is None:
        raise Unprocessable(
            f"financien has no subsidy ceiling for this ambition in {cyclus.subsidiejaar}: set it there first.",
            code="geen_plafond",
        )
    parts = sum(d["bedragCent"] for d in uitvraag.deelplafonds)
    if parts > plafond:
        raise unprocessable("deelplafonds", f"they add up to {parts} cents, above the ceiling of {plafond}", "te_groot")
    uitvraag.status, uitvraag.plafond_cent = "gepubliceerd", plafond
    uitvraag.gepubliceerd_op = datetime.now(UTC)
    uitvraag.versie += 1
    await session.flush()
    event = events.UitvraagGepubliceerd(
        uitvraagId=uitvraag.id,
        jaar=cyclus.jaar,
        subsidiejaar=cyclus.subsidiejaar,
        ambitieId=uitvraag.ambitie_id,
        plafondCent=plafond,
        deadline=end_of_day(uitvraag.deadline).isoformat(),
    )
    await emit(session, tenant, event, uitvraag.id)
    return uitvraag


async def close_calls(session: AsyncSession, cyclus: Cyclus) -> None:
    """Closing the call phase closes its published calls: no application is submitted after it."""
    for uitvraag in await session.scalars(
        select(Uitvraag).where(Uitvraag.cyclus_id == cyclus.id, Uitvraag.status == "gepubliceerd")
    ):
        uitvraag.status = "gesloten"
        uitvraag.versie += 1
    await session.flush()


#: How a call's grants are paid when it says nothing: four quarterly advances of the whole grant.
from ..verantwoording.regime import DEFAULT_REGIME  # noqa: E402

DEFAULT_BETAALWIJZE = {"frequentie": "kwartaal", "voorschotPercentage": 100}


async def uitvraag_read(session: AsyncSession, uitvraag: Uitvraag) -> schemas.UitvraagRead:
    cyclus = await referenced(session, Cyclus, uitvraag.cyclus_id)
    plafond = uitvraag.plafond_cent
    if plafond is None:
        plafond = await current_plafond(session, uitvraag.tenant, uitvraag.ambitie_id, cyclus.subsidiejaar)
    return schemas.UitvraagRead.model_validate(
        row_of(
            uitvraag,
            jaar=cyclus.jaar,
            subsidiejaar=cyclus.subsidiejaar,
            deadline_moment=end_of_day(uitvraag.deadline),
            plafond_cent=plafond,
            betaalwijze=uitvraag.betaalwijze or DEFAULT_BETAALWIJZE,
            verantwoordingsregime=uitvraag.verantwoordingsregime or DEFAULT_REGIME,
        )
    )


async def list_uitvragen(session: AsyncSession, tenant: str, params: PageParams, jaar: int | None) -> tuple[int, list]:
    query = select(Uitvraag).where(Uitvraag.tenant == tenant)
    if jaar is not None:
        query = query.join(Cyclus, Cyclus.id == Uitvraag.cyclus_id).where(Cyclus.jaar == jaar)
    return await paginate(session, query.order_by(Uitvraag.created_at, Uitvraag.id), params)


def closed_reason(uitvraag: Uitvraag) -> str | None:
    if uitvraag.status == "concept":
        return "the call is not published yet"
    if uitvraag.status == "gesloten":
        return "the call is closed"
    if is_past(uitvraag.deadline):
        return f"the deadline ({end_of_day(uitvraag.deadline).isoformat()}) has passed"
    return None
