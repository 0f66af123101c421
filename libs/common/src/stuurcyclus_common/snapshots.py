"""Versions for snapshot events: an event that carries the whole current state of something (a municipality's
financial overview, an indicator's series) has a version from a counter row that the writing transaction locks,
so versions follow commit order and a consumer keeps the newest, whatever order the events arrive in."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, MetaData, String, Table
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession


def snapshot_version_table(metadata: MetaData) -> Table:
    return Table(
        "snapshot_versie",
        metadata,
        Column("tenant", String(6), primary_key=True),
        Column("soort", String(60), primary_key=True, comment="What the snapshot is of, e.g. an indicator code"),
        Column("versie", BigInteger, nullable=False),
    )


async def next_versions(session: AsyncSession, table: Table, tenant: str, soorten: list[str]) -> dict[str, int]:
    """The next version of each of `soorten` for `tenant`, in one statement; the rows stay locked until the
    transaction ends (taken in a fixed order, so two writers never wait for each other crosswise)."""
    ordered = sorted(set(soorten))
    if not ordered:
        return {}
    stmt = insert(table).values([{"tenant": tenant, "soort": soort, "versie": 1} for soort in ordered])
    stmt = stmt.on_conflict_do_update(index_elements=["tenant", "soort"], set_={"versie": table.c.versie + 1})
    return dict((await session.execute(stmt.returning(table.c.soort, table.c.versie))).all())


async def next_version(session: AsyncSession, table: Table, tenant: str, soort: str) -> int:
    """The next version of `soort` for `tenant` (1, 2, …); the row stays locked until the transaction ends."""
    return (await next_versions(session, table, tenant, [soort]))[soort]
