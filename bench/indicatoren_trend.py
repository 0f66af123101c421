"""Benchmark: the per-track, per-wijk course query over 5 million measurements (target ≤ 1 s).

Loads 5,000,000 measurements (100 indicators over six tracks × 500 areas — wijken and buurten — × 100 months)
through the bulk ingest, then times `koersoverzicht` for each track in a few wijken and prints the slowest.
Runs in-process on PostgreSQL from DATABASE_URL (else an embedded one), on a database of its own.
    python bench/indicatoren_trend.py [ROWS]
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from stuurcyclus_local.platform import temporary_database

TENANT = "GM0193"
INDICATORS, AREAS = 100, 500


def area(a: int) -> str:
    return f"WK0193{a:02d}" if a < 50 else f"BU0193{a // 10:02d}{a % 10:02d}"


def write_csv(path: Path, rows: int) -> None:
    months = -(-rows // (INDICATORS * AREAS))
    written = 0
    with path.open("w", encoding="utf-8") as handle:
        handle.write("indicator,periode,gebied,waarde\n")
        for month in range(months):
            periode = f"{2010 + month // 12}{month % 12 + 1:02d}"
            for i in range(INDICATORS):
                for a in range(AREAS):
                    if written == rows:
                        return
                    handle.write(f"I{i:03d},{periode},{area(a)},{(i * 13 + a * 7 + month * (i % 3 - 1)) % 997}\n")
                    written += 1


async def lines(path: Path):  # noqa: ANN201
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            yield line.rstrip("\n")


async def measure(url: str, path: Path, rows: int) -> None:
    from indicatoren.definities import schemas, service
    from indicatoren.koers import service as koers
    from indicatoren.metingen import ingest
    from indicatoren.settings import get_settings
    from stuurcyclus_common.db import Database

    os.environ["DATABASE_URL"] = url
    get_settings.cache_clear()
    database = Database(get_settings(), pool_size=2)
    richtingen = ["afname", "toename", "stabiel", "eerst-toename-dan-afname"]
    try:
        async with database.session_scope() as session:
            for i in range(INDICATORS):
                data = schemas.IndicatorCreate(
                    code=f"I{i:03d}",
                    naam=f"Indicator {i}",
                    spoor_nummer=i % 6 + 1,
                    dimensie="kwantiteit",
                    richting=richtingen[i % 4],
                )
                await service.create_indicator(session, TENANT, data)
        started = time.perf_counter()
        async with database.session_scope() as session:
            result = await ingest.ingest_lines(session, TENANT, lines(path), "csv")
        print(f"loaded {result.rijen:,} measurements in {time.perf_counter() - started:.0f} s")
        async with database.engine.connect() as connection:
            from sqlalchemy import text

            await connection.execute(text("ANALYZE indicatoren.meting"))
        timings = []
        for wijk in ("WK019301", "WK019317", "WK019349"):
            for spoor in range(1, 7):
                async with database.session_scope() as session:
                    started = time.perf_counter()
                    overview = await koers.track_overview(session, TENANT, spoor, gebied=wijk)
                    timings.append(time.perf_counter() - started)
                    assert sum(overview.samenvatting.values()) == len(overview.indicatoren)
        worst, median = max(timings), statistics.median(timings)
        verdict = "OK" if worst <= 1 else "ABOVE TARGET"
        print(
            f"per-track, per-wijk course query over {rows:,} measurements: median {median * 1000:.0f} ms, "
            f"slowest {worst * 1000:.0f} ms ({len(timings)} queries; target ≤ 1 s)   {verdict}"
        )
    finally:
        await database.dispose()


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000_000
    with tempfile.TemporaryDirectory(prefix="stuurcyclus-bench-") as tmp:
        path = Path(tmp) / "metingen.csv"
        write_csv(path, rows)
        with temporary_database(Path(tmp) / "infra", ("indicatoren",)) as url:
            print(f"== indicatoren course query over {rows:,} measurements")
            asyncio.run(measure(url, path, rows))


if __name__ == "__main__":
    main()
