"""Who may decide how much (*mandaatregeling*), and four eyes above a decider's mandate.

A municipality's mandate table gives a role (`beleid`) or a person (the token's subject) the largest amount they may
grant or settle alone, overall or for one ambition; a row without a maximum has no limit. Until a municipality sets
its own table the default holds: policy staff (`beleid`, `beheerder`) up to € 50,000 (`DEFAULT_MANDATEN`).

The table itself changes under four eyes: an administrator proposes a line (or its removal), another confirms it, and
nobody raises their own mandate (`Mandaatwijziging`).

A grant or settlement above its decider's mandate is not refused: it becomes a `Besluitvoorstel` that waits for a
second decider — another person, whose own mandate covers the amount. When they co-decide, the decision is taken with
both named in it (`besluitvormers`) and gets the proposal's id, so the decision's audit trail shows both requests.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.errors import Conflict, Forbidden
from stuurcyclus_common.identity import Caller
from stuurcyclus_common.versioning import check_version, get_or_raise

from ..aanvragen.service import get_aanvraag, log_status
from ..models import Aanvraag, Besluit, Besluitvoorstel, Mandaat, Mandaatwijziging
from ..shared.rules import ambitie_of, row_of
from . import schemas

#: The table until a municipality sets its own: (role, maximum in cents, description).
DEFAULT_MANDATEN = (
    ("beleid", 5_000_000, "Standaard: beleidsmedewerkers tot € 50.000; daarboven een tweede besluitvormer"),
    ("beheerder", 5_000_000, "Standaard: beheerders tot € 50.000; daarboven een tweede besluitvormer"),
)
#: Executes a decision once it may be taken: (session, application, the body as asked, deciders, decision id).
Executor = Callable[[AsyncSession, Aanvraag, dict[str, Any], list[dict], uuid.UUID | None], Awaitable[Besluit]]


def _default_rows(tenant: str) -> list[dict]:
    return [
        {
            "id": None,
            "gemeente": tenant,
            "rol": rol,
            "persoon": None,
            "ambitie_id": None,
            "maximum_cent": maximum,
            "omschrijving": text,
            "standaard": True,
            "versie": 1,
        }
        for rol, maximum, text in DEFAULT_MANDATEN
    ]


def _row(mandaat: Mandaat) -> dict:
    return row_of(mandaat, gemeente=mandaat.tenant, standaard=False)


async def table(session: AsyncSession, tenant: str) -> list[dict]:
    """The municipality's mandate table as it holds now: its own rows, or the default."""
    own = list(
        await session.scalars(
            select(Mandaat).where(Mandaat.tenant == tenant).order_by(Mandaat.rol, Mandaat.persoon, Mandaat.created_at)
        )
    )
    return [_row(m) for m in own] if own else _default_rows(tenant)


async def list_mandaten(session: AsyncSession, tenant: str) -> list[schemas.MandaatRead]:
    return [schemas.MandaatRead.model_validate(row) for row in await table(session, tenant)]


async def create_mandaat(
    session: AsyncSession, tenant: str, caller: Caller, data: schemas.MandaatCreate
) -> Mandaatwijziging:
    """Propose a line; it is added when another administrator confirms it (the first line then replaces the default
    table). Nobody proposes a line that raises their own mandate."""
    line = data.model_dump(mode="json")
    await _not_raising_own(session, tenant, caller, line)
    return await _propose(session, tenant, caller, soort="toevoegen", line=line, mandaat_id=None)


async def delete_mandaat(
    session: AsyncSession, tenant: str, caller: Caller, *, mandaat_id: uuid.UUID, if_match: int | None
) -> Mandaatwijziging:
    """Propose removing a line (If-Match: its version); it goes when another administrator confirms it."""
    mandaat = await get_or_raise(session, Mandaat, tenant, mandaat_id, lock=True)
    check_version(mandaat, if_match)
    return await _propose(session, tenant, caller, soort="verwijderen", line=_line(mandaat), mandaat_id=mandaat.id)


async def _propose(
    session: AsyncSession, tenant: str, caller: Caller, *, soort: str, line: dict, mandaat_id: uuid.UUID | None
) -> Mandaatwijziging:
    wijziging = Mandaatwijziging(
        id=uuid.uuid4(),
        tenant=tenant,
        soort=soort,
        mandaat_id=mandaat_id,
        gegevens=line,
        voorgesteld_door=_who(caller),
        status="wacht",
        versie=1,
    )
    session.add(wijziging)
    await session.flush()
    return wijziging


async def confirm(session: AsyncSession, tenant: str, caller: Caller, wijziging_id: uuid.UUID) -> Mandaatwijziging:
    """Carry out a proposed change: by another administrator than the one who proposed it, and not one whose own
    mandate it raises. Both are named in the change (and in the audit trail of the line)."""
    wijziging = await get_or_raise(session, Mandaatwijziging, tenant, wijziging_id, lock=True)
    if wijziging.status != "wacht":
        raise Conflict(f"This change is {wijziging.status} already.", code="wijziging_niet_open")
    if caller.client == wijziging.voorgesteld_door["persoon"]:
        raise Conflict(
            "Four eyes: another administrator confirms a change of the mandate table.", code="zelfde_persoon"
        )
    if wijziging.soort == "toevoegen":
        await _not_raising_own(session, tenant, caller, wijziging.gegevens)
        session.add(Mandaat(id=wijziging.id, tenant=tenant, versie=1, **wijziging.gegevens))
        wijziging.mandaat_id = wijziging.id
    else:
        mandaat = await session.get(Mandaat, wijziging.mandaat_id, with_for_update=True)
        if mandaat is not None:
            await session.delete(mandaat)
    wijziging.status, wijziging.bevestigd_door = "doorgevoerd", _who(caller)
    wijziging.versie += 1
    await session.flush()
    return wijziging


async def list_wijzigingen(session: AsyncSession, tenant: str, status: str | None) -> list[Mandaatwijziging]:
    query = select(Mandaatwijziging).where(Mandaatwijziging.tenant == tenant)
    if status:
        query = query.where(Mandaatwijziging.status == status)
    return list(await session.scalars(query.order_by(Mandaatwijziging.created_at, Mandaatwijziging.id)))


def _who(caller: Caller) -> dict:
    return {"persoon": caller.client, "naam": caller.naam, "rol": caller.rol}


def _line(mandaat: Mandaat) -> dict:
    fields = ("rol", "persoon", "ambitie_id", "maximum_cent", "omschrijving")
    return {k: (str(v) if isinstance(v, uuid.UUID) else v) for k in fields if (v := getattr(mandaat, k)) is not None}


async def _not_raising_own(session: AsyncSession, tenant: str, caller: Caller, line: dict) -> None:
    """Nobody raises their own mandate: a line for their role or for them in person that would let them decide more
    alone than now is refused to them (to propose or to confirm); lowering one's own is allowed."""
    if line.get("rol") != caller.rol and line.get("persoon") != caller.client:
        return
    ambitie = uuid.UUID(line["ambitie_id"]) if line.get("ambitie_id") else None
    now = await mandate_of(session, tenant, caller, ambitie)  # type: ignore[arg-type]
    proposed = line.get("maximum_cent")
    if now is not None and (proposed is None or proposed > now):
        raise Conflict(
            "Nobody raises their own mandate: another administrator proposes and confirms this line.",
            code="eigen_mandaat",
        )


async def mandate_of(session: AsyncSession, tenant: str, caller: Caller, ambitie_id: uuid.UUID) -> int | None:
    """The largest amount `caller` may decide alone for a grant of `ambitie_id`: 0 without a mandate, None without
    limit. Rows for their role and for them in person both count; the largest wins."""
    has_own = await session.scalar(select(func.count()).select_from(Mandaat).where(Mandaat.tenant == tenant))
    if has_own:
        rows = await session.execute(
            select(Mandaat.maximum_cent).where(
                Mandaat.tenant == tenant,
                or_(Mandaat.rol == caller.rol, Mandaat.persoon == caller.client),
                or_(Mandaat.ambitie_id.is_(None), Mandaat.ambitie_id == ambitie_id),
            )
        )
        maxima = [m for (m,) in rows]
    else:
        maxima = [maximum for rol, maximum, _ in DEFAULT_MANDATEN if rol == caller.rol]
    if not maxima:
        return 0
    limits = [m for m in maxima if m is not None]
    return None if len(limits) < len(maxima) else max(limits)


def _covers(mandaat: int | None, bedrag: int) -> bool:
    return mandaat is None or bedrag <= mandaat


def besluitvormer(caller: Caller, mandaat: int | None) -> dict:
    return {"persoon": caller.client, "naam": caller.naam, "rol": caller.rol, "mandaatCent": mandaat}


async def waiting(session: AsyncSession, aanvraag: Aanvraag) -> Besluitvoorstel | None:
    return await session.scalar(
        select(Besluitvoorstel).where(Besluitvoorstel.aanvraag_id == aanvraag.id, Besluitvoorstel.status == "wacht")
    )


async def decide_or_wait(
    session: AsyncSession,
    caller: Caller,
    aanvraag: Aanvraag,
    *,
    soort: str,
    bedrag_cent: int,
    gegevens: dict[str, Any],
    execute: Executor,
) -> Besluit | Besluitvoorstel:
    """Decide now when `bedrag_cent` is within the caller's mandate; otherwise record the proposal for a second
    decider. The caller has checked everything else (status, phase, amounts) before."""
    pending = await waiting(session, aanvraag)
    if pending is not None:
        raise Conflict(
            f"A {pending.soort} of this application waits for a second decider already (proposal {pending.id}).",
            code="wacht_op_tweede_besluitvormer",
        )
    mandaat = await mandate_of(session, aanvraag.tenant, caller, await ambitie_of(session, aanvraag))
    eerste = besluitvormer(caller, mandaat)
    if _covers(mandaat, bedrag_cent):
        return await execute(session, aanvraag, gegevens, [eerste], None)
    voorstel = Besluitvoorstel(
        tenant=aanvraag.tenant,
        aanvraag_id=aanvraag.id,
        soort=soort,
        bedrag_cent=bedrag_cent,
        gegevens=gegevens,
        eerste=eerste,
        status="wacht",
        versie=1,
    )
    session.add(voorstel)
    await session.flush()
    reason = f"{soort} van {bedrag_cent} cent boven het mandaat van {caller.client}: wacht op een tweede besluitvormer"
    await log_status(session, aanvraag, aanvraag.status, naar=aanvraag.status, door="gemeente", reden=reason)
    return voorstel


async def get_voorstel(session: AsyncSession, tenant: str, voorstel_id: uuid.UUID) -> Besluitvoorstel:
    return await get_or_raise(session, Besluitvoorstel, tenant, voorstel_id)


async def list_voorstellen(session: AsyncSession, tenant: str, status: str | None) -> list[Besluitvoorstel]:
    query = select(Besluitvoorstel).where(Besluitvoorstel.tenant == tenant)
    if status:
        query = query.where(Besluitvoorstel.status == status)
    return list(await session.scalars(query.order_by(Besluitvoorstel.created_at, Besluitvoorstel.id)))


async def _open_voorstel(
    session: AsyncSession, tenant: str, caller: Caller, voorstel_id: uuid.UUID
) -> tuple[Besluitvoorstel, Aanvraag]:
    voorstel = await get_or_raise(session, Besluitvoorstel, tenant, voorstel_id, lock=True)
    if voorstel.status != "wacht":
        raise Conflict(f"This proposal is {voorstel.status} already.", code="voorstel_niet_open")
    if caller.client == voorstel.eerste["persoon"]:
        raise Conflict(
            "Four eyes: the second decider must be another person than the first.", code="zelfde_besluitvormer"
        )
    aanvraag = await get_aanvraag(session, tenant, caller, aanvraag_id=voorstel.aanvraag_id, lock=True)
    return voorstel, aanvraag


async def co_decide(
    session: AsyncSession, tenant: str, caller: Caller, voorstel_id: uuid.UUID, *, executors: Mapping[str, Executor]
) -> Besluit:
    """The second decider completes the decision: another person, with a mandate that covers the amount. The decision
    is taken by its own sub-domain's executor (`executors` by kind: grant, settlement), which the route passes."""
    voorstel, aanvraag = await _open_voorstel(session, tenant, caller, voorstel_id)
    mandaat = await mandate_of(session, tenant, caller, await ambitie_of(session, aanvraag))
    if not _covers(mandaat, voorstel.bedrag_cent):
        raise Forbidden(
            f"Your mandate ({mandaat} cent) does not cover {voorstel.bedrag_cent} cent.", code="mandaat_ontoereikend"
        )
    tweede = besluitvormer(caller, mandaat)
    execute = executors[voorstel.soort]
    besluit = await execute(session, aanvraag, voorstel.gegevens, [voorstel.eerste, tweede], voorstel.id)
    voorstel.tweede, voorstel.status, voorstel.besluit_id = tweede, "besloten", besluit.id
    voorstel.versie += 1
    await session.flush()
    return besluit


async def refuse(
    session: AsyncSession, tenant: str, caller: Caller, *, voorstel_id: uuid.UUID, data: schemas.MedebesluitAfwijzing
) -> Besluitvoorstel:
    """The second decider does not co-sign: the proposal ends; the application stays where it was."""
    voorstel, aanvraag = await _open_voorstel(session, tenant, caller, voorstel_id)
    voorstel.tweede = besluitvormer(
        caller, await mandate_of(session, tenant, caller, await ambitie_of(session, aanvraag))
    )
    voorstel.status, voorstel.reden = "afgewezen", data.reden
    voorstel.versie += 1
    await session.flush()
    return voorstel
