"""The municipality's grants as open data in the 360Giving Data Standard (1.4): a package `{"grants": […]}` of every
decided grant (a `toekenning` whose application is granted or settled; withdrawn ones are not grants any more, and
an application its partner marked confidential is left out), and the same as the standard's flat CSV.

Identifiers: a grant is `360G-<prefix>-<its decision's identificatie>`; the prefix is the municipality's CBS code
until 360Giving assigns a publisher prefix (`prefix()` is the one place to change). The funder is `360G-<prefix>`
with the municipality's name; a recipient is `NL-KVK-<its KvK number>` (org-id.guide's list for the Dutch Chamber of
Commerce) where the application gives it, else `360G-<prefix>-org-<slug of its name>`. Amounts are euros (cents / 100,
exact: two decimals at most); `amountDisbursed` is what the payment ledger paid out net (advances and final payments
paid, minus reclaims received back).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common import tabular
from stuurcyclus_common.gemeenten import naam as gemeente_naam
from stuurcyclus_common.schemas import json_number

from ..betalingen.ledger import disbursed
from ..models import Aanvraag, AmbitieReferentie, Besluit, BestaandeSubsidie, Uitvraag

VERSION = "1.4"
CSV_COLUMNS = (
    ("Identifier", "id"),
    ("Title", "title"),
    ("Description", "description"),
    ("Currency", "currency"),
    ("Amount Applied For", "amountAppliedFor"),
    ("Amount Awarded", "amountAwarded"),
    ("Amount Disbursed", "amountDisbursed"),
    ("Award Date", "awardDate"),
    ("Recipient Org:Identifier", ("recipientOrganization", "id")),
    ("Recipient Org:Name", ("recipientOrganization", "name")),
    ("Recipient Ind:Identifier", ("recipientIndividual", "id")),
    ("Recipient Ind:Name", ("recipientIndividual", "name")),
    ("Funding Org:Identifier", ("fundingOrganization", "id")),
    ("Funding Org:Name", ("fundingOrganization", "name")),
    ("Grant Programme:Code", ("grantProgramme", "code")),
    ("Grant Programme:Title", ("grantProgramme", "title")),
    ("From An Open Call?", "fromOpenCall"),
    ("Beneficiary Location:Geographic Code", ("beneficiaryLocation", "geoCode")),
    ("Beneficiary Location:Name", ("beneficiaryLocation", "name")),
)


def prefix(tenant: str) -> str:
    """The publisher prefix of the municipality's identifiers: its CBS code, until 360Giving assigns one."""
    return tenant


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "organisatie"


def _recipient_id(own: str, aanvraag: Aanvraag) -> str:
    return f"NL-KVK-{aanvraag.kvk_nummer}" if aanvraag.kvk_nummer else f"360G-{own}-org-{_slug(aanvraag.partner)}"


def _euros(cent: int) -> int | float:
    """Cents as a JSON number of euros, exactly (a whole number, or one with two decimals that reads back exact)."""
    return json_number(Decimal(cent) / 100)  # type: ignore[return-value]  # never None for a number


async def grants(session: AsyncSession, tenant: str) -> dict:
    """The 360Giving package of the municipality's decided grants, oldest decision first."""
    rows = await session.execute(
        select(Besluit, Aanvraag, Uitvraag, AmbitieReferentie)
        .join(Aanvraag, Aanvraag.id == Besluit.aanvraag_id)
        .join(Uitvraag, Uitvraag.id == Aanvraag.uitvraag_id)
        .outerjoin(
            AmbitieReferentie,
            and_(AmbitieReferentie.tenant == tenant, AmbitieReferentie.ambitie_id == Uitvraag.ambitie_id),
        )
        .where(
            Besluit.tenant == tenant,
            Besluit.soort == "toekenning",
            Aanvraag.status.in_(("toegekend", "vastgesteld")),
        )
        .order_by(Besluit.datum, Besluit.identificatie)
    )
    own = prefix(tenant)
    funder = {"id": f"360G-{own}", "name": f"Gemeente {gemeente_naam(tenant)}"}
    paid = await disbursed(session, tenant)
    found = []
    for besluit, aanvraag, uitvraag, ambitie in rows:
        if aanvraag.vertrouwelijk:
            continue  # the applicant asked not to publish it
        activities = "; ".join(a.get("omschrijving", "") for a in aanvraag.activiteiten if a.get("omschrijving"))
        grant = {
            "id": f"360G-{own}-{besluit.identificatie}",
            "title": aanvraag.titel,
            "description": activities or aanvraag.titel,
            "currency": "EUR",
            "amountAppliedFor": _euros(aanvraag.bedrag_cent),
            "amountAwarded": _euros(besluit.bedrag_cent or 0),
            "awardDate": besluit.datum.isoformat(),
            "amountDisbursed": _euros(paid.get(aanvraag.id, 0)),
            "recipientOrganization": [{"id": _recipient_id(own, aanvraag), "name": aanvraag.partner}],
            "fundingOrganization": [funder],
            "fromOpenCall": "Yes",
            "beneficiaryLocation": [{"name": gemeente_naam(tenant), "geoCode": tenant}],
        }
        if ambitie is not None:
            grant["grantProgramme"] = [{"code": str(uitvraag.ambitie_id), "title": ambitie.naam}]
        if besluit.ingangsdatum:
            grant["plannedDates"] = [
                {"startDate": besluit.ingangsdatum.isoformat()}
                | ({"endDate": besluit.vervaldatum.isoformat()} if besluit.vervaldatum else {})
            ]
        found.append(grant)
    return {"grants": await _register_grants(session, tenant, funder) + found, "version": VERSION}


async def _register_grants(session: AsyncSession, tenant: str, funder: dict) -> list[dict]:
    """The subsidy register's dossiers as grants of earlier years: what was granted (a dossier with nothing granted is
    no grant), `amountDisbursed` what was settled where it was. The register gives a year, not a day: `awardDate` is
    the subsidy year's first day and `plannedDates` the whole year. A private person is a `recipientIndividual` with a
    generic name (360Giving's guidance), the scheme its title (a project's name may name the person)."""
    own = prefix(tenant)
    rows = await session.scalars(
        select(BestaandeSubsidie)
        .where(BestaandeSubsidie.tenant == tenant, BestaandeSubsidie.verleend_cent > 0)
        .order_by(BestaandeSubsidie.jaar, BestaandeSubsidie.dossiernummer)
    )
    grants = []
    for row in rows:
        grant: dict = {
            "id": f"360G-{own}-{row.dossiernummer}-{row.jaar}",
            "title": row.regeling if row.particulier or not row.projectnaam else row.projectnaam,
            "description": f"{row.regeling} ({row.beleidsterrein})" if row.beleidsterrein else row.regeling,
            "currency": "EUR",
            "amountAwarded": _euros(row.verleend_cent or 0),
            "awardDate": f"{row.jaar}-01-01",
            "plannedDates": [{"startDate": f"{row.jaar}-01-01", "endDate": f"{row.jaar}-12-31"}],
            "fundingOrganization": [funder],
            "grantProgramme": [{"code": _slug(row.regeling), "title": row.regeling}],
            "beneficiaryLocation": [{"name": gemeente_naam(tenant), "geoCode": tenant}],
        }
        if row.aangevraagd_cent is not None:
            grant["amountAppliedFor"] = _euros(row.aangevraagd_cent)
        if row.vastgesteld_cent is not None:
            grant["amountDisbursed"] = _euros(row.vastgesteld_cent)
        if row.particulier:
            grant["recipientIndividual"] = {"id": f"360G-{own}-IND-{row.dossiernummer}", "name": "Particulier"}
        else:
            name = row.aanvrager or "(onbekend)"
            grant["recipientOrganization"] = [{"id": f"360G-{own}-org-{_slug(name)}", "name": name}]
        grants.append(grant)
    return grants


def as_csv(package: dict) -> str:
    """The package in the standard's flat CSV (its column titles; comma-separated, as 360Giving's tools read it)."""
    rows = [[title for title, _ in CSV_COLUMNS]]
    for grant in package["grants"]:
        row = []
        for _, path in CSV_COLUMNS:
            if isinstance(path, tuple):
                items = grant.get(path[0]) or [{}]
                first = items if isinstance(items, dict) else items[0]  # an individual is one object, not a list
                row.append(first.get(path[1], ""))
            else:
                row.append(grant.get(path, ""))
        rows.append(row)
    return tabular.csv_text(rows, delimiter=",")  # safe to open in a spreadsheet
