"""Applications (aanvragen): created, changed and moved through their statuses by partners and staff."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.contracts import gesprekstafels as events
from stuurcyclus_common.deadlines import end_of_day, is_past
from stuurcyclus_common.errors import Conflict
from stuurcyclus_common.identity import Caller
from stuurcyclus_common.versioning import check_version, get_or_raise, referenced

from ..models import Aanvraag, Statuswijziging, Uitvraag
from ..shared.rules import emit, unprocessable
from ..uitvraag.service import closed_reason
from . import schemas
from .statuses import CHANGEABLE, TRANSITIONS, AanvraagStatus


def _check_against_call(uitvraag: Uitvraag, deelplafond: str | None, indicatoren: list[str]) -> None:
    codes = [d["code"] for d in uitvraag.deelplafonds]
    if codes and deelplafond not in codes:
        raise unprocessable("deelplafond", f"the call divides its ceiling: choose one of {codes}", "vereist")
    if not codes and deelplafond is not None:
        raise unprocessable("deelplafond", "the call has no sub-ceilings", "niet_toegestaan")
    for index, code in enumerate(indicatoren):
        if code not in uitvraag.indicatoren:
            reason = f"{code!r} is not an indicator of the call"
            raise unprocessable(f"indicatoren[{index}]", reason, "niet_in_uitvraag")


async def create_aanvraag(session: AsyncSession, tenant: str, caller: Caller, data: schemas.AanvraagCreate) -> Aanvraag:
    uitvraag = await session.scalar(select(Uitvraag).where(Uitvraag.tenant == tenant, Uitvraag.id == data.uitvraag_id))
    if uitvraag is None:
        raise unprocessable("uitvraagId", f"there is no call {data.uitvraag_id} in {tenant}", "onbekend")
    if caller.is_partner:
        caller.require_own(data.partner or caller.organisatie, "application")  # type: ignore[arg-type]
        partner = caller.organisatie
    elif data.partner is None:
        raise unprocessable("partner", "the municipality applies on behalf of a named organisation", "vereist")
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
    if aanvraag.status not in CHANGEABLE:
        raise Conflict(
            f"Only a draft, or a submitted application not yet in review, changes; this application is "
            f"{aanvraag.status}.",
            code="niet_concept",
        )
    uitvraag = await referenced(session, Uitvraag, aanvraag.uitvraag_id)
    submitted = aanvraag.status == AanvraagStatus.INGEDIEND
    if submitted and (reason := _closed_for(aanvraag, uitvraag)):
        raise Conflict(f"Too late to change a submitted application: {reason}.", code="te_laat")
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
    if submitted:  # a replacement of what was submitted: in its history, with its version
        await log_status(
            session,
            aanvraag,
            aanvraag.status,
            naar=aanvraag.status,
            door=who(caller),
            reden=f"gewijzigd: versie {aanvraag.versie}",
        )
    return aanvraag


def _closed_for(aanvraag: Aanvraag, uitvraag: Uitvraag) -> str | None:
    """Why the application can no longer be submitted or changed, or None: the call's deadline, unless staff
    returned it for revision with a deadline of its own."""
    if aanvraag.herstel_uiterlijk is not None:
        if is_past(aanvraag.herstel_uiterlijk):
            return f"the deadline for the revision ({end_of_day(aanvraag.herstel_uiterlijk).isoformat()}) has passed"
        return None
    return closed_reason(uitvraag)


async def return_for_revision(
    session: AsyncSession, tenant: str, caller: Caller, *, aanvraag_id: uuid.UUID, data: schemas.Terugsturing
) -> Aanvraag:
    """Staff send a submitted application back to its applicant with a reason (and perhaps a deadline of its own):
    it is a draft again, to change and submit anew."""
    aanvraag = await get_aanvraag(session, tenant, caller, aanvraag_id=aanvraag_id, lock=True)
    if data.uiterlijk is not None and is_past(data.uiterlijk):
        raise unprocessable("uiterlijk", "a new deadline lies today or later (Europe/Amsterdam)", "in_verleden")
    await transition(session, aanvraag, AanvraagStatus.CONCEPT, door=who(caller), reden=data.reden)
    aanvraag.reden = data.reden
    aanvraag.herstel_uiterlijk = data.uiterlijk
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
    reason = _closed_for(aanvraag, uitvraag)
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
