"""Import of a municipality's own indicator catalogue: Zwolle's neighbourhood monitor (`variabelen.csv`).

Comma-separated, header `select,Onderwerpcode,Naam,Eenheid,Bron,Datatype,Periodetype,Aggregatie-onderwerp,
Beschrijving,Drempel-onderwerp,HOOFDTHEMA`. Each variable becomes an indicator (by its code; re-importing updates
changed ones and leaves the rest): `Eenheid` `personen_0` / `%_1` is a unit and its decimals; `Periodetype` `Stand`
is a periodic count, `Lopend` a continuous one; counts (`Datatype` Standaard) add up over areas, averages and
percentages are weighted by their `Aggregatie-onderwerp` (the denominator), others do not aggregate. The catalogue
says nothing of tracks or expectations: those start as `nader-te-bepalen`, to be set by policy staff.
"""

from __future__ import annotations

import csv
import io
import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.errors import InvalidParam, Unprocessable

from ..models import Indicator
from . import service as definities_service
from .schemas import CatalogusResult

HEADER = ["select", "Onderwerpcode", "Naam", "Eenheid", "Bron", "Datatype", "Periodetype", "Aggregatie-onderwerp"]
FIELDS = ("naam", "omschrijving", "eenheid", "decimalen", "bron", "frequentie", "aggregatie", "noemer_code", "thema")


def _row(line: int, row: dict[str, str]) -> dict:
    code = (row.get("Onderwerpcode") or "").strip()
    if not code or len(code) > 60 or not all(c.isalnum() or c in "_.-" for c in code):
        raise _bad(line, "Onderwerpcode", f"not a usable code: {code!r}")
    naam = (row.get("Naam") or "").strip()[:300]
    if not naam:
        raise _bad(line, "Naam", "empty")
    unit, _, decimals = (row.get("Eenheid") or "").strip().rpartition("_")
    datatype = (row.get("Datatype") or "").strip()
    noemer = (row.get("Aggregatie-onderwerp") or "").strip() or None
    if datatype == "Standaard":
        aggregatie = "som"
    elif datatype in ("Gemiddelde", "Percentage") and noemer:
        aggregatie = "gewogen"
    else:
        aggregatie = "geen"
    return dict(
        code=code,
        naam=naam,
        omschrijving=(row.get("Beschrijving") or "").strip()[:5000] or None,
        eenheid=(unit or (row.get("Eenheid") or "").strip())[:40] or None,
        decimalen=int(decimals) if decimals.isdigit() and int(decimals) <= 6 else None,
        bron=(row.get("Bron") or "").strip()[:200] or None,
        frequentie="doorlopend" if (row.get("Periodetype") or "").strip() == "Lopend" else "periodiek",
        aggregatie=aggregatie,
        noemer_code=noemer if aggregatie == "gewogen" else None,
        thema=(row.get("HOOFDTHEMA") or "").strip()[:200] or None,
    )


def _bad(line: int, column: str, reason: str) -> Unprocessable:
    return Unprocessable(
        f"Line {line}, {column}: {reason}. Nothing of the catalogue was imported.",
        code="catalogus_ongeldige_rij",
        invalid_params=[InvalidParam(name=f"line {line}: {column}", code="invalid", reason=reason)],
    )


async def import_catalogue(session: AsyncSession, tenant: str, content: str) -> CatalogusResult:
    # newline="": the csv module sees `\r\n`, `\n` and a bare `\r` as the ends of lines they are
    reader = csv.DictReader(io.StringIO(content.lstrip("\ufeff"), newline=""))
    try:
        fieldnames = reader.fieldnames
    except csv.Error as exc:
        raise _bad(1, "header", f"not a CSV line: {exc}") from None
    if fieldnames is None or [f.strip() for f in fieldnames[: len(HEADER)]] != HEADER:
        raise _bad(1, "header", f"expected it to start with {','.join(HEADER)}")
    rows: dict[str, dict] = {}
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise _bad(reader.line_num, "row", f"not a CSV line: {exc}") from None
        line = reader.line_num
        data = _row(line, row)
        if data["code"] in rows:
            raise _bad(line, "Onderwerpcode", f"{data['code']} appears twice")
        rows[data["code"]] = data
    existing = {i.code: i for i in await session.scalars(select(Indicator).where(Indicator.tenant == tenant))}
    nieuw = bijgewerkt = 0
    changed: list[Indicator] = []
    for code, data in rows.items():
        indicator = existing.get(code)
        if indicator is None:
            changed.append(
                Indicator(
                    id=uuid.uuid4(),
                    tenant=tenant,
                    versie=1,
                    niveau="beweging",
                    dimensie="kwantiteit",
                    richting="nader-te-bepalen",
                    status="nader-te-bepalen",
                    **data,
                )
            )
            session.add(changed[-1])
            nieuw += 1
        elif any(getattr(indicator, f) != data[f] for f in FIELDS):
            for f in FIELDS:
                setattr(indicator, f, data[f])
            indicator.versie += 1
            changed.append(indicator)
            bijgewerkt += 1
    await session.flush()
    await definities_service.announce_definitions(session, tenant, changed)
    return CatalogusResult(
        rijen=len(rows), nieuw=nieuw, bijgewerkt=bijgewerkt, ongewijzigd=len(rows) - nieuw - bijgewerkt
    )
