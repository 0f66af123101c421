"""Benchmark: a municipality's subsidy register of 13,000 dossiers (Amsterdam's real rows of 2016, repeated over four
years with their dossier numbers made unique) imported into gesprekstafels (`subsidieregister.service`, in-process);
prints the time of the first import, the same file again and next year's (target < 5 s each).

Runs on PostgreSQL from DATABASE_URL, else an embedded one; on a database of its own, removed afterwards.
    python bench/subsidieregister.py [DOSSIERS]
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

from results import record
from stuurcyclus_local.platform import temporary_database

TENANT = "GM0363"
SOURCE = Path(__file__).resolve().parents[2] / "shared" / "data" / "subsidieregister" / "amsterdam-2016.csv"


def register_of(dossiers: int) -> str:
    """The real rows, repeated with a year and a suffix of their own until there are `dossiers` of them."""
    header, *rows = SOURCE.read_text(encoding="utf-8").splitlines()
    out = [header]
    for n in range(dossiers):
        row = rows[n % len(rows)]
        copy = n // len(rows)
        out.append(row.replace(";SBA-", f";SBA{copy}-", 1).replace(";2016;", f";{2016 + copy};", 1))
    return "\n".join(out)


async def measure(url: str, dossiers: int) -> None:
    from gesprekstafels.settings import get_settings
    from gesprekstafels.subsidieregister import service
    from stuurcyclus_common.db import Database

    os.environ["DATABASE_URL"] = url
    get_settings.cache_clear()
    database = Database(get_settings(), pool_size=2)
    text = register_of(dossiers)
    settled = text.replace(";NULL;2016;", ";1.00;2016;")
    figures = {}
    try:
        for attempt, content in (("first import", text), ("same file again", text), ("settled since", settled)):
            started = time.perf_counter()
            async with database.session_scope() as session:
                result = await service.import_register(session, TENANT, content)
            seconds = time.perf_counter() - started
            figures[attempt] = round(seconds, 3)
            print(
                f"{attempt}: {result.rijen} dossiers (new {result.nieuw}, changed {result.gewijzigd}, unchanged "
                f"{result.ongewijzigd}) in {seconds:.2f} s   (target < 5 s)   {'OK' if seconds < 5 else 'ABOVE TARGET'}"
            )
    finally:
        await database.dispose()
    record("subsidieregister", {"dossiers": dossiers, "seconds": figures})


def main() -> None:
    dossiers = int(sys.argv[1]) if len(sys.argv) > 1 else 13_000
    with (
        tempfile.TemporaryDirectory(prefix="stuurcyclus-bench-") as tmp,
        temporary_database(Path(tmp) / "infra", ("gesprekstafels",)) as url,
    ):
        print("== subsidy register import")
        asyncio.run(measure(url, dossiers))


if __name__ == "__main__":
    main()
