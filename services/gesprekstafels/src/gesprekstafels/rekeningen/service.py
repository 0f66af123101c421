"""Bank accounts: validated with `schwifty` (IBAN check digits, each country's length and format, the Dutch bank
codes and their BIC), one per municipality and holder, changed with `If-Match`, every change in the audit trail
(`/rekeningen/{id}/audittrail`). Never in an event: the ledger's events name payments, not accounts."""

from __future__ import annotations

import uuid

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.errors import Conflict
from stuurcyclus_common.versioning import check_version, get_or_raise

from ..models import Rekening
from ..shared.rules import unprocessable
from . import schemas

#: The holder of the municipality's own account, the one a payment file pays from.
GEMEENTE = "gemeente"


def checked_iban(value: str) -> IBAN:
    try:
        return IBAN(value)
    except SchwiftyException as exc:
        raise unprocessable("iban", f"{value!r} is not a valid IBAN ({exc})", "ongeldige_iban") from None


def bank_of(iban: IBAN) -> tuple[str | None, str | None]:
    """The BIC and the bank's name where the IBAN tells (every Dutch bank does), else (None, None)."""
    try:
        bic = iban.bic
    except SchwiftyException:
        return None, None
    return (str(bic) if bic else None), (iban.bank_name if bic else None)


def _checked(data: schemas.RekeningPut) -> tuple[str, str]:
    """The compact IBAN and its BIC (read from the IBAN; given only where the bank cannot be read from it)."""
    iban = checked_iban(data.iban)
    bic, _ = bank_of(iban)
    if data.bic and bic and data.bic[:8] != bic[:8]:
        raise unprocessable("bic", f"the IBAN's bank has BIC {bic}, not {data.bic}", "wijkt_af")
    bic = bic or data.bic
    if bic is None:
        raise unprocessable("bic", "the bank cannot be read from this IBAN: give its BIC", "vereist")
    return iban.compact, bic


async def create_rekening(session: AsyncSession, tenant: str, data: schemas.RekeningCreate) -> Rekening:
    iban, bic = _checked(data)
    if await session.scalar(select(Rekening.id).where(Rekening.tenant == tenant, Rekening.houder == data.houder)):
        raise Conflict(
            f"{data.houder!r} has an account on record already; change it with PUT /rekeningen/{{id}}.",
            code="bestaat_al",
        )
    rekening = Rekening(
        tenant=tenant, houder=data.houder, iban=iban, bic=bic, tenaamstelling=data.tenaamstelling, versie=1
    )
    session.add(rekening)
    await session.flush()
    return rekening


async def change_rekening(
    session: AsyncSession, tenant: str, rekening_id: uuid.UUID, data: schemas.RekeningPut, if_match: int | None
) -> Rekening:
    rekening = await get_or_raise(session, Rekening, tenant, rekening_id, lock=True)
    check_version(rekening, if_match)
    rekening.iban, rekening.bic = _checked(data)
    rekening.tenaamstelling = data.tenaamstelling
    rekening.versie += 1
    await session.flush()
    return rekening


async def rekeningen(session: AsyncSession, tenant: str, houder: str | None) -> list[Rekening]:
    query = select(Rekening).where(Rekening.tenant == tenant)
    if houder is not None:
        query = query.where(Rekening.houder == houder)
    return list(await session.scalars(query.order_by(Rekening.houder)))


def read(rekening: Rekening) -> schemas.RekeningRead:
    _, bank = bank_of(checked_iban(rekening.iban))
    return schemas.RekeningRead.model_validate(
        {c.key: getattr(rekening, c.key) for c in rekening.__table__.columns} | {"bank": bank}
    )
