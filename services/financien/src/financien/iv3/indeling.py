"""Which track each Iv3 task field counts towards: data per task-field list, a default, a municipality's override.

CBS used one task-field list for 2017–2024 (`2017`: 6.71a, 6.81b, …) and a revised one from the 2025 budget on
(`2025`: three-digit sub-codes 6.711, 6.751, …). The platform's default assignment of each list is
`data/iv3_indeling.csv` (parents listed: they are separate bookings and count towards their leaves' track; a field
that serves several tracks — toegang, coordination — is assigned to none). A municipality may assign any field of a
list otherwise (`iv3_indeling` table, `PUT /iv3/indelingen/{lijst}/{taakveld}`). Totals per track are then
comparable across the change of list: both assign the same kinds of care to the same tracks.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.errors import NotFound

from ..models import Iv3Indeling

LIJSTEN = ("2017", "2025")


def lijst_van(jaar: int) -> str:
    """The task-field list a year's figures use."""
    return "2025" if jaar >= 2025 else "2017"


@dataclass(frozen=True)
class Toewijzing:
    taakveld: str
    spoor: int | None
    omschrijving: str
    eigen: bool = False  # the municipality's own assignment, not the default


@cache
def standaard() -> dict[str, dict[str, Toewijzing]]:
    """The platform's default assignment per list: list → task field → assignment."""
    text = resources.files("financien").joinpath("data/iv3_indeling.csv").read_text(encoding="utf-8")
    rows = csv.DictReader((line for line in io.StringIO(text) if not line.startswith("#")), delimiter=";")
    result: dict[str, dict[str, Toewijzing]] = {lijst: {} for lijst in LIJSTEN}
    for row in rows:
        spoor = int(row["spoor"]) if row["spoor"] else None
        result[row["lijst"]][row["taakveld"]] = Toewijzing(row["taakveld"], spoor, row["omschrijving"])
    return result


async def indeling(session: AsyncSession | None, tenant: str | None, lijst: str) -> dict[str, Toewijzing]:
    """The assignment a municipality uses for a list: the default, overlaid with its own (none: the default)."""
    if lijst not in LIJSTEN:
        raise NotFound(f"There is no task-field list {lijst!r}; the lists are {', '.join(LIJSTEN)}.")
    result = dict(standaard()[lijst])
    if session is not None and tenant is not None:
        query = select(Iv3Indeling).where(Iv3Indeling.tenant == tenant, Iv3Indeling.lijst == lijst)
        for own in await session.scalars(query):
            known = result.get(own.taakveld)
            result[own.taakveld] = Toewijzing(own.taakveld, own.spoor_nummer, known.omschrijving if known else "", True)
    return result


async def assign(session: AsyncSession, tenant: str, lijst: str, *, taakveld: str, spoor: int | None) -> None:
    await indeling(None, None, lijst)  # 404 for an unknown list
    stmt = insert(Iv3Indeling).values(tenant=tenant, lijst=lijst, taakveld=taakveld, spoor_nummer=spoor)
    await session.execute(
        stmt.on_conflict_do_update(index_elements=["tenant", "lijst", "taakveld"], set_={"spoor_nummer": spoor})
    )


async def reset(session: AsyncSession, tenant: str, lijst: str, taakveld: str) -> None:
    """Back to the platform's default for this field."""
    await session.execute(
        delete(Iv3Indeling).where(
            Iv3Indeling.tenant == tenant, Iv3Indeling.lijst == lijst, Iv3Indeling.taakveld == taakveld
        )
    )
