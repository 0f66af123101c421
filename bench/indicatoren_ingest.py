"""Benchmark: bulk ingest of 1 million measurements (CSV, streamed) into indicatoren; prints rows/s and the peak
memory the ingest added (target ≥ 50,000 rows/s; memory must not grow with the file).

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
from pathlib import Path

from stuurcyclus_local.platform import temporary_database

TENANT = "GM0193"


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
    from indicatoren import ingest, schemas, service
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
        for attempt in ("first upload", "same file again (no new versions)"):
            started = time.perf_counter()
            async with database.session_scope() as session:
                result = await ingest.ingest_lines(session, TENANT, lines(path), "csv")
            seconds = time.perf_counter() - started
            peak = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
            print(
                f"{attempt}: {result.rijen:,} rows (new {result.nieuw:,}, unchanged {result.ongewijzigd:,}) in "
                f"{seconds:.1f} s = {result.rijen / seconds:,.0f} rows/s (target ≥ 50,000)   "
                f"{'OK' if result.rijen / seconds >= 50_000 else 'BELOW TARGET'}; peak memory added {peak:.0f} MiB "
                f"(file {path.stat().st_size / 2**20:.0f} MiB)"
            )
    finally:
        await database.dispose()


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
