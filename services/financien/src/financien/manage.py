"""`python -m financien.manage migrate|seed|dlq …|import-iv3 FILE [--jaar YYYY] [--bron begroting|jaarrekening]
[--codes FILE]`."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

from stuurcyclus_common.db import Database
from stuurcyclus_common.errors import ProblemError
from stuurcyclus_common.manage import main

from . import SERVICE
from .iv3 import bestand
from .seed import seed
from .settings import get_settings


def import_iv3(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m financien.manage import-iv3", description=bestand.__doc__)
    parser.add_argument("file", type=Path, help="CBS Iv3 CSV, e.g. ../shared/data/iv3/2024_begroting.csv")
    parser.add_argument("--jaar", type=int, help="year of the figures (default: as the file name says, e.g. 2024_…)")
    parser.add_argument(
        "--bron", choices=bestand.BRONNEN, help="begroting or jaarrekening (default: as the file name says)"
    )
    parser.add_argument("--codes", type=Path, help="`naam;code` CSV of municipality codes (default: the platform's)")
    args = parser.parse_args(argv)
    try:
        jaar, bron = bestand.year_and_source(args.file.name, args.jaar, args.bron)
    except ValueError as exc:
        parser.error(str(exc))
    codes = bestand.read_codes(args.codes.read_text(encoding="utf-8")) if args.codes else None

    async def run() -> bestand.ImportResult:
        database = Database(get_settings(), pool_size=2)
        try:
            async with database.session_scope() as session:
                return await bestand.import_file(session, args.file, jaar, bron=bron, codes=codes)
        finally:
            await database.dispose()

    started = time.perf_counter()
    try:
        result = asyncio.run(run())
    except ProblemError as exc:
        print(f"financien: import refused: {exc.detail}", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - started
    print(f"financien: Iv3 import {json.dumps(asdict(result), ensure_ascii=False)} in {seconds:.2f}s")
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["import-iv3"]:
        sys.exit(import_iv3(sys.argv[2:]))
    main(SERVICE, seed)
