"""The payment file the bank takes: the authorised payouts (advances and final payments released by the
municipality, not yet sent) as a SEPA credit transfer (ISO 20022 pain.001.001.03, what Dutch banks accept) or as Dutch
Excel CSV. Built with `sepaxml`, which validates every file against the pain.001 XSD before it leaves.

The file pays from the municipality's own account (`houder` `gemeente` in `/rekeningen`) to each partner's account
on record; a payment whose partner has none is refused by name (nothing half-made). Each transfer's end-to-end id
is the payment's id, so the bank's answer (the bank run, `verzonden`/`betaald`) names the same payment.
"""

from __future__ import annotations

from datetime import date

from sepaxml import SepaTransfer
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common import tabular
from stuurcyclus_common.deadlines import today
from stuurcyclus_common.errors import InvalidParam, Unprocessable

from ..models import Besluit, Betaling, Rekening
from ..rekeningen.service import GEMEENTE
from .steps import PAYOUTS

CSV_HEADER = ("betalingId", "partner", "iban", "bic", "tenaamstelling", "bedrag", "uitvoerdatum", "omschrijving")


async def _authorised(session: AsyncSession, tenant: str) -> list[tuple[Betaling, str | None]]:
    rows = await session.execute(
        select(Betaling, Besluit.identificatie)
        .join(Besluit, Besluit.id == Betaling.besluit_id)
        .where(Betaling.tenant == tenant, Betaling.status == "geautoriseerd", Betaling.soort.in_(PAYOUTS))
        .order_by(Betaling.vervaldatum, Betaling.partner, Betaling.id)
    )
    return [(b, identificatie) for b, identificatie in rows.all()]


def _omschrijving(betaling: Betaling, identificatie: str | None) -> str:
    """The remittance line the partner's bank statement shows (at most 140 characters)."""
    soort = "Voorschot" if betaling.soort == "voorschot" else "Nabetaling"
    return f"{soort} {betaling.volgnummer} subsidie {identificatie or betaling.aanvraag_id} {betaling.jaar}"[:140]


async def payouts(session: AsyncSession, tenant: str) -> list[tuple[Betaling, str | None, Rekening]]:
    """The authorised payouts with their payee's account; every payment without one named in one refusal."""
    found = await _authorised(session, tenant)
    accounts = {
        r.houder: r
        for r in await session.scalars(
            select(Rekening).where(Rekening.tenant == tenant, Rekening.houder.in_({b.partner for b, _ in found}))
        )
    }
    missing = [b for b, _ in found if b.partner not in accounts]
    if missing:
        raise Unprocessable(
            f"{len(missing)} authorised payment(s) have no bank account for their partner; record it with "
            "POST /rekeningen. No file was made.",
            code="rekening_onbekend",
            invalid_params=[
                InvalidParam(
                    name=f"betalingen[{b.id}]", code="rekening_onbekend", reason=f"no account for {b.partner!r}"
                )
                for b in missing
            ],
        )
    return [(b, identificatie, accounts[b.partner]) for b, identificatie in found]


async def pain001(session: AsyncSession, tenant: str, naam: str, uitvoerdatum: date | None) -> bytes:
    """The SEPA credit-transfer file (pain.001.001.03), validated against its XSD."""
    debtor = await session.scalar(select(Rekening).where(Rekening.tenant == tenant, Rekening.houder == GEMEENTE))
    if debtor is None:
        raise Unprocessable(
            "The municipality's own account, which pays, is not on record: POST /rekeningen with houder `gemeente`.",
            code="rekening_onbekend",
            invalid_params=[
                InvalidParam(name="rekeningen[gemeente]", code="rekening_onbekend", reason="not on record")
            ],
        )
    rows = await payouts(session, tenant)
    if not rows:
        raise Unprocessable(
            "There are no authorised payments to pay: authorise them first (POST /betalingen/{id}/stappen).",
            code="niets_te_betalen",
        )
    day = max(uitvoerdatum or today(), today())
    sepa = SepaTransfer(
        {
            "name": debtor.tenaamstelling or naam,
            "IBAN": debtor.iban,
            "BIC": debtor.bic,
            "batch": True,
            "currency": "EUR",
        },
        clean=True,
    )
    for betaling, identificatie, account in rows:
        sepa.add_payment(
            {
                "name": account.tenaamstelling,
                "IBAN": account.iban,
                "BIC": account.bic,
                "amount": betaling.bedrag_cent,  # sepaxml takes cents
                "execution_date": max(day, betaling.vervaldatum),
                "description": _omschrijving(betaling, identificatie),
                "endtoend_id": betaling.id.hex,
            }
        )
    return sepa.export(validate=True)


async def payouts_csv(session: AsyncSession, tenant: str, uitvoerdatum: date | None) -> str:
    day = max(uitvoerdatum or today(), today())
    rows = await payouts(session, tenant)
    return tabular.excel_csv(
        [
            CSV_HEADER,
            *(
                (
                    str(b.id),
                    b.partner,
                    account.iban,
                    account.bic,
                    account.tenaamstelling,
                    tabular.euros(b.bedrag_cent),
                    max(day, b.vervaldatum).strftime("%d-%m-%Y"),
                    _omschrijving(b, identificatie),
                )
                for b, identificatie, account in rows
            ),
        ]
    )
