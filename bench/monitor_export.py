"""Benchmark: a neighbourhood monitor's own wide export — 80 areas × 240 variables, local keys, `NA` for missing —
uploaded to indicatoren (`POST /metingen/bulk?vorm=breed`, in-process); prints the time (target < 2 s).

Runs on PostgreSQL from DATABASE_URL, else an embedded one; on a database of its own, removed afterwards.
    python bench/monitor_export.py [AREAS] [VARIABLES]
"""

from __future__ import annotations

import asyncio
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from stuurcyclus_local.platform import temporary_database

TENANT = "GM0193"


async def measure(url: str, areas: int, variables: int) -> None:
    from indicatoren.definities import service
    from indicatoren.definities.schemas import IndicatorCreate
    from indicatoren.metingen import ingest
    from indicatoren.settings import get_settings
    from stuurcyclus_common.db import Database

    os.environ["DATABASE_URL"] = url
    get_settings.cache_clear()
    database = Database(get_settings(), pool_size=2)
    codes = [f"v{n:03d}" for n in range(variables)]
    rng = random.Random(193)
    header = ",".join(['"GEOITEM"', *(f'"{c}"' for c in codes)])
    rows = [
        ",".join([str(100 + a), *("NA" if rng.random() < 0.1 else f"{rng.uniform(0, 100):.4f}" for _ in codes)])
        for a in range(areas)
    ]

    async def lines():  # noqa: ANN202
        for line in [header, *rows]:
            yield line

    try:
        async with database.session_scope() as session:
            for code in codes:
                await service.create_indicator(
                    session, TENANT, IndicatorCreate(code=code, naam=code, richting="stabiel")
                )
        for attempt, periode in (("first upload", "2021"), ("same export again", "2021"), ("next year", "2022")):
            started = time.perf_counter()
            async with database.session_scope() as session:
                result = await ingest.ingest_wide(
                    session, TENANT, lines(), periode=periode, kolom="GEOITEM", rule="BU0193{sleutel:3}0"
                )
            seconds = time.perf_counter() - started
            print(
                f"{attempt}: {areas} areas × {variables} variables = {result.rijen} cells (new {result.nieuw}, "
                f"missing {result.ontbrekend or 0}) in {seconds:.2f} s   (target < 2 s)   "
                f"{'OK' if seconds < 2 else 'ABOVE TARGET'}"
            )
    finally:
        await database.dispose()


def main() -> None:
    areas = int(sys.argv[1]) if len(sys.argv) > 1 else 80
    variables = int(sys.argv[2]) if len(sys.argv) > 2 else 240
    with (
        tempfile.TemporaryDirectory(prefix="stuurcyclus-bench-") as tmp,
        temporary_database(Path(tmp) / "infra", ("indicatoren",)) as url,
    ):
        print("== monitor export (wide) upload")
        asyncio.run(measure(url, areas, variables))


if __name__ == "__main__":
    main()
