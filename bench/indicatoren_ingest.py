"""Benchmark: bulk ingest of 1 million measurements (CSV, streamed) into indicatoren; prints rows/s, the peak
memory the ingest added (memory must not grow with the file) and, measured in the same run on the same database,
what PostgreSQL's own COPY takes for the same file into a table of the same shape (CSV text and binary): the floor.
Target (issue 18): ≥ 150,000 rows/s; goal ≥ ½ of binary COPY.

Runs in-process on PostgreSQL from DATABASE_URL (else an embedded one), on a database of its own.
    python bench/indicatoren_ingest.py [ROWS]
"""

from __future__ import annotations

import asyncio
import os
import resource
import sys
import tempfile
import time
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

import results
from stuurcyclus_local.platform import temporary_database

TENANT = "GM0193"
TARGET = 150_000


def write_csv(path: Path, rows: int) -> int:
    """indicator;periode;gebied;waarde with decimal commas, as Dutch Excel writes it."""
    indicators, areas = 100, 100
    months = -(-rows // (indicators * areas))
    written = 0
    with path.open("w", encoding="utf-8") as handle:
        handle.write("indicator;periode;gebied;waarde\n")
        for month in range(months):
            periode = f"{2000 + month // 12}{month % 12 + 1:02d}"
            for i in range(indicators):
                for b in range(areas):
                    if written == rows:
                        return written
                    handle.write(f"I{i:03d};{periode};BU0193{b:04d};{(i * 7 + b * 3 + month) % 1000},{b % 10}\n")
                    written += 1
    return written


async def lines(path: Path):  # noqa: ANN201
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            yield line.rstrip("\n")


async def measure(url: str, path: Path) -> None:
    copy_text, copy_binary, copy_durable = await copy_floor(url, path)
    print(
        f"PostgreSQL COPY of the same file: CSV text {copy_text:,.0f} rows/s, binary {copy_binary:,.0f} rows/s "
        f"(unindexed temporary tables); binary into the measurements' durable, indexed shape {copy_durable:,.0f} rows/s"
    )
    from indicatoren.definities import schemas, service
    from indicatoren.metingen import ingest
    from indicatoren.settings import get_settings
    from stuurcyclus_common.db import Database

    os.environ["DATABASE_URL"] = url
    get_settings.cache_clear()
    database = Database(get_settings(), pool_size=2)
    try:
        async with database.session_scope() as session:
            for i in range(100):
                data = schemas.IndicatorCreate(
                    code=f"I{i:03d}", naam=f"Indicator {i}", dimensie="kwantiteit", richting="afname"
                )
                await service.create_indicator(session, TENANT, data)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        figures: dict[str, float] = {}
        for attempt in ("first upload", "same file again (no new versions)"):
            started = time.perf_counter()
            async with database.session_scope() as session:
                result = await ingest.ingest_lines(session, TENANT, lines(path), "csv")
            seconds = time.perf_counter() - started
            peak = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
            rate = result.rijen / seconds
            figures["eerste" if not figures else "opnieuw"] = rate
            print(
                f"{attempt}: {result.rijen:,} rows (new {result.nieuw:,}, unchanged {result.ongewijzigd:,}) in "
                f"{seconds:.1f} s = {rate:,.0f} rows/s = {rate / copy_binary:.2f} × binary COPY, "
                f"{rate / copy_text:.2f} × CSV COPY, {rate / copy_durable:.2f} × durable COPY (target ≥ {TARGET:,})   "
                f"{'OK' if rate >= TARGET else 'BELOW TARGET'}; peak memory added {peak:.0f} MiB "
                f"(file {path.stat().st_size / 2**20:.0f} MiB)"
            )
        results.record(
            "ingest",
            figures | {"copy_binary": copy_binary, "copy_text": copy_text, "copy_durable": copy_durable},
        )
    finally:
        await database.dispose()


async def copy_floor(url: str, path: Path) -> tuple[float, float, float]:
    """rows/s of PostgreSQL's COPY of the same file: as CSV text into an unindexed temporary table (the server parses
    it), as binary records into one (asyncpg encodes them), and as binary records into a durable table of the
    measurements' own shape with their indexes (what any write of a million new measurements must pay)."""
    import asyncpg
    from stuurcyclus_common.settings import plain_database_url

    conn = await asyncpg.connect(plain_database_url(url))
    try:
        await conn.execute(
            "CREATE TEMP TABLE copy_floor (indicator text, periode text, gebied text, waarde text); "
            "CREATE TEMP TABLE copy_floor_typed (indicator text, periode text, gebied text, waarde numeric); "
            "CREATE TABLE public.copy_floor_durable (LIKE indicatoren.meting INCLUDING ALL)"
        )
        rows = sum(1 for _ in path.open()) - 1
        started = time.perf_counter()
        await conn.copy_to_table("copy_floor", source=str(path), format="csv", header=True, delimiter=";")
        text_rate = rows / (time.perf_counter() - started)
        records = []
        with path.open() as handle:
            next(handle)
            for line in handle:
                indicator, periode, gebied, waarde = line.rstrip("\n").split(";")
                records.append((indicator, periode, gebied, Decimal(waarde.replace(",", "."))))
        started = time.perf_counter()
        await conn.copy_records_to_table("copy_floor_typed", records=records)
        binary_rate = rows / (time.perf_counter() - started)
        indicator_ids = {code: uuid.uuid4() for code in {r[0] for r in records}}
        durable = [
            (TENANT, indicator_ids[code], periode, "maand", date(int(periode[:4]), int(periode[4:]), 1), gebied, w,
             "gemeente", 1, True)
            for code, periode, gebied, w in records
        ]  # fmt: skip
        started = time.perf_counter()
        await conn.copy_records_to_table(
            "copy_floor_durable",
            schema_name="public",
            records=durable,
            columns=["tenant", "indicator_id", "periode", "periode_soort", "periode_start", "gebied", "waarde",
                     "herkomst", "versie", "actueel"],
        )  # fmt: skip
        durable_rate = rows / (time.perf_counter() - started)
        return text_rate, binary_rate, durable_rate
    finally:
        await conn.execute("DROP TABLE IF EXISTS public.copy_floor_durable")
        await conn.close()


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory(prefix="stuurcyclus-bench-") as tmp:
        path = Path(tmp) / "metingen.csv"
        write_csv(path, rows)
        with temporary_database(Path(tmp) / "infra", ("indicatoren",)) as url:
            print(f"== indicatoren bulk ingest of {rows:,} measurements")
            asyncio.run(measure(url, path))


if __name__ == "__main__":
    main()
