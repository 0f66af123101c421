"""Benchmark: import the CBS Iv3 file of all municipalities into financien; prints the time (target < 10 s).

Runs on PostgreSQL from DATABASE_URL, else an embedded one; on a database of its own, removed afterwards.
    python bench/iv3_import.py [FILE]
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

from stuurcyclus_local.platform import temporary_database

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "iv3" / "2024_begroting.csv"


async def measure(url: str, path: Path) -> None:
    from financien.iv3 import bestand
    from financien.settings import get_settings
    from stuurcyclus_common.db import Database

    os.environ["DATABASE_URL"] = url
    get_settings.cache_clear()
    database = Database(get_settings(), pool_size=2)
    try:
        for attempt in ("first import", "same file again"):
            started = time.perf_counter()
            async with database.session_scope() as session:
                result = await bestand.import_file(session, path, 2024, bron="begroting")
            seconds = time.perf_counter() - started
            print(
                f"{attempt}: {result.gemeenten} municipalities, {result.rijen} rows "
                f"(new {result.nieuw}, changed {result.gewijzigd}, unchanged {result.ongewijzigd}) in {seconds:.2f} s "
                f"= {result.rijen / seconds:,.0f} rows/s   (target < 10 s)   {'OK' if seconds < 10 else 'ABOVE TARGET'}"
            )
    finally:
        await database.dispose()


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    with (
        tempfile.TemporaryDirectory(prefix="stuurcyclus-bench-") as tmp,
        temporary_database(Path(tmp) / "infra", ("financien",)) as url,
    ):
        print(f"== Iv3 import of {path.name}")
        asyncio.run(measure(url, path))


if __name__ == "__main__":
    main()
