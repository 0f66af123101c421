"""Bulk ingest reads the next chunk while PostgreSQL copies the one before (`ingest.ingest_lines`): an upload cut into
many chunks is answered exactly as in one — every batch of the one-pass tests, good and bad (a line the csv module
cannot read sends its chunk the Python way mid-upload) — and an upload that breaks off while a chunk is being copied
leaves the connection whole and nothing written."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from indicatoren.metingen import ingest
from sqlalchemy import text
from stuurcyclus_common.db import Database
from stuurcyclus_common.errors import Unprocessable

from .test_ingest_one_pass import CSV_BATCHES, _lines, _municipality, database  # noqa: F401  (a fixture)


async def _answer(db: Database, tenant: str, body: str) -> tuple[Any, list]:
    async with db.sessionmaker() as session:
        try:
            try:
                result: Any = (await ingest.ingest_lines(session, tenant, _lines(body), "csv")).model_dump()
            except Unprocessable as refused:
                result = [(p.name, p.reason) for p in refused.invalid_params or []]
            rows = await session.execute(
                text("SELECT indicator_id, periode, gebied, waarde, versie, actueel FROM indicatoren.meting"
                     " WHERE tenant = :t ORDER BY 1, 2, 3, 5"),
                {"t": tenant},
            )  # fmt: skip
            return result, [tuple(r) for r in rows]
        finally:
            await session.rollback()


@pytest.mark.parametrize("name", list(CSV_BATCHES))
async def test_many_chunks_answer_as_one(
    database: Database,  # noqa: F811
    name: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tenant = await _municipality(database)
    body = CSV_BATCHES[name].format(gm=tenant, z=tenant[2:])
    whole = await _answer(database, tenant, body)
    monkeypatch.setattr(ingest, "CHUNK", 2)  # a chunk of two lines: most batches are several, copied while read
    monkeypatch.setattr(ingest, "YIELD_EVERY", 1)
    assert await _answer(database, tenant, body) == whole


async def test_an_upload_that_breaks_off_mid_copy_leaves_nothing(
    database: Database,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tenant = await _municipality(database)
    monkeypatch.setattr(ingest, "CHUNK", 50)
    monkeypatch.setattr(ingest, "YIELD_EVERY", 10)
    copied: list[int] = []
    stage = ingest._stage_chunk

    async def counted(driver: Any, batch: Any, chunk: list, *args: Any) -> None:
        await stage(driver, batch, chunk, *args)
        copied.append(len(chunk))

    monkeypatch.setattr(ingest, "_stage_chunk", counted)

    async def breaking() -> AsyncIterator[str]:
        yield "indicator;periode;gebied;waarde"
        for n in range(175):  # three whole chunks and part of a fourth
            yield f"K1;{2000 + n % 100};{tenant};{n}" if n < 100 else f"K2;{1900 + n};{tenant};{n}"
        raise ConnectionResetError("the client went away")

    count = text("SELECT count(*) FROM indicatoren.meting WHERE tenant = :t")
    async with database.sessionmaker() as session:
        before = await session.scalar(count, {"t": tenant})
    async with database.sessionmaker() as session:
        with pytest.raises(ConnectionResetError):
            await ingest.ingest_lines(session, tenant, breaking(), "csv")
        assert copied == [50, 50, 50], "the chunk being copied when the upload broke off was copied whole"
        await session.rollback()
        assert await session.scalar(text("SELECT 1")) == 1  # the connection is whole
    async with database.sessionmaker() as session:
        assert await session.scalar(count, {"t": tenant}) == before
