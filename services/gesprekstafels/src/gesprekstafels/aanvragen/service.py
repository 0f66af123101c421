"""Applications (aanvragen): created, changed and moved through their statuses by partners and staff."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.contracts import gesprekstafels as events
from stuurcyclus_common.errors import Conflict
from stuurcyclus_common.identity import Caller
from stuurcyclus_common.versioning import check_version, get_or_raise, referenced

from ..models import Aanvraag, Statuswijziging, Uitvraag
from ..shared.rules import emit, unprocessable
from ..uitvraag.service import closed_reason
from . import schemas
from .statuses import TRANSITIONS, AanvraagStatus


def _check_against_call(uitvraag: Uitvraag, deelplafond: str | None, indicatoren: list[str]) -> None:
    codes = [d["code"] for d in uitvraag.deelplafonds]
    if codes and deelplafond not in codes:
        raise unprocessable("deelplafond", f"the call divides its ceiling: choose one of {codes}", "required")
    if not codes and deelplafond is not None:
        raise unprocessable("deelplafond", "the call has no sub-ceilings", "not_allowed")
    for index, code in enumerate(indicatoren):
        if code not in uitvraag.indicatoren:
            raise unprocessable(f"indicatoren[{index}]", f"{code!r} is not an indicator of the call", "not_in_call")


async def create_aanvraag(session: AsyncSession, tenant: str, caller: Caller, data: schemas.AanvraagCreate) -> Aanvraag:
    uitvraag = await session.scalar(select(Uitvraag).where(Uitvraag.tenant == tenant, Uitvraag.id == data.uitvraag_id))
    if uitvraag is None:
        raise unprocessable("uitvraagId", f"there is no call {data.uitvraag_id} in {tenant}", "unknown")
    if caller.is_partner:
        caller.require_own(data.partner or caller.organisatie, "application")  # type: ignore[arg-type]
        partner = caller.organisatie
    elif data.partner is None:
        raise unprocessable("partner", "the municipality applies on behalf of a named organisation", "required")
    else:
        partner = data.partner
    reason = closed_reason(uitvraag)
    if reason:
        raise Conflict(
            f"No application to this call: {reason}.", code="te_laat" if "deadline" in reason else "uitvraag_dicht"
        )
    _check_against_call(uitvraag, data.deelplafond, data.indicatoren)
    aanvraag = Aanvraag(
        tenant=tenant,
        uitvraag_id=uitvraag.id,
        partner=partner,
        titel=data.titel,
        activiteiten=[a.model_dump(mode="json", by_alias=True) for a in data.activiteiten],
        bedrag_cent=data.bedrag_cent,
        deelplafond=data.deelplafond,
        indicatoren=data.indicatoren,
        kvk_nummer=data.kvk_nummer,
        vertrouwelijk=data.vertrouwelijk,
        status="concept",
        versie=1,
    )
    session.add(aanvraag)
    await session.flush()
    await log_status(session, aanvraag, None, naar="concept", door=who(caller), reden=None)
    return aanvraag


def who(caller: Caller) -> str:
    return caller.organisatie if caller.is_partner else "gemeente"  # type: ignore[return-value]


async def get_aanvraag(
    session: AsyncSession, tenant: str, caller: Caller, *, aanvraag_id: uuid.UUID, lock: bool = False
) -> Aanvraag:
    aanvraag = await get_or_raise(session, Aanvraag, tenant, aanvraag_id, lock=lock)
    caller.require_own(aanvraag.partner, "application")
    return aanvraag


async def update_aanvraag(
    session: AsyncSession,
    tenant: str,
    caller: Caller,
    *,
    aanvraag_id: uuid.UUID,
    data: schemas.AanvraagUpdate,
    if_match: int | None,
) -> Aanvraag:
    aanvraag = await get_aanvraag(session, tenant, caller, aanvraag_id=aanvraag_id, lock=True)
    check_version(aanvraag, if_match if if_match is not None else data.versie)
    if aanvraag.status != "concept":
        raise Conflict(f"Only a draft changes; this application is {aanvraag.status}.", code="niet_concept")
    uitvraag = await referenced(session, Uitvraag, aanvraag.uitvraag_id)
    changes = data.model_dump(mode="json", by_alias=False, exclude_unset=True, exclude={"versie"})
    if changes.get("vertrouwelijk", False) is None:
        del changes["vertrouwelijk"]  # a flag is set or cleared, never unknown
    if "activiteiten" in changes:
        changes["activiteiten"] = [a.model_dump(mode="json", by_alias=True) for a in data.activiteiten or []]
    _check_against_call(
        uitvraag, changes.get("deelplafond", aanvraag.deelplafond), changes.get("indicatoren", aanvraag.indicatoren)
    )
    for key, value in changes.items():
        setattr(aanvraag, key, value)
    aanvraag.versie += 1
    await session.flush()
    return aanvraag


async def log_status(
    session: AsyncSession, aanvraag: Aanvraag, van: str | None, *, naar: str, door: str, reden: str | None
) -> None:
    session.add(
        Statuswijziging(tenant=aanvraag.tenant, aanvraag_id=aanvraag.id, van=van, naar=naar, door=door, reden=reden)
    )
    await session.flush()


async def transition(
    session: AsyncSession, aanvraag: Aanvraag, naar: str, *, door: str, reden: str | None = None
) -> None:
    allowed = TRANSITIONS.get(AanvraagStatus(aanvraag.status), frozenset())
    if naar not in allowed:
        raise Conflict(
            f"The application is {aanvraag.status}; it cannot become {naar}"
            f" (from {aanvraag.status} only: {', '.join(sorted(allowed)) or 'nothing'}).",
            code="ongeldige_overgang",
        )
    van = aanvraag.status
    aanvraag.status = naar
    aanvraag.versie += 1
    if naar in ("afgewezen", "ingetrokken"):
        aanvraag.reden = reden
    await log_status(session, aanvraag, van, naar=naar, door=door, reden=reden)


async def submit(session: AsyncSession, tenant: str, caller: Caller, aanvraag_id: uuid.UUID) -> Aanvraag:
    aanvraag = await get_aanvraag(session, tenant, caller, aanvraag_id=aanvraag_id, lock=True)
    uitvraag = await referenced(session, Uitvraag, aanvraag.uitvraag_id)
    reason = closed_reason(uitvraag)
    if reason:
        raise Conflict(f"Too late to submit: {reason}.", code="te_laat")
    await transition(session, aanvraag, "ingediend", door=who(caller))
    aanvraag.ingediend_op = datetime.now(UTC)
    await session.flush()
    event = events.AanvraagIngediend(
        aanvraagId=aanvraag.id, uitvraagId=uitvraag.id, partner=aanvraag.partner, bedragCent=aanvraag.bedrag_cent
    )
    await emit(session, tenant, event, aanvraag.id)
    return aanvraag


async def start_review(
    session: AsyncSession, tenant: str, caller: Caller, *, aanvraag_id: uuid.UUID, data: schemas.Behandeling
) -> Aanvraag:
    aanvraag = await get_aanvraag(session, tenant, caller, aanvraag_id=aanvraag_id, lock=True)
    await transition(session, aanvraag, "in-behandeling", door="gemeente")
    aanvraag.score = data.score
    await session.flush()
    return aanvraag
