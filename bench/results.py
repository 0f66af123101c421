"""Benchmark figures kept for the summary `make bench` prints last (`bench/summary.py`): each benchmark records its
headline figures here, beside printing them itself."""

from __future__ import annotations

import json
import os
from pathlib import Path

#: Where the figures of the current `make bench` go (the Makefile empties it first).
DIRECTORY = Path(os.environ.get("BENCH_RESULTS", Path(__file__).resolve().parents[1] / ".stuurcyclus" / "bench"))


def record(name: str, figures: dict) -> None:
    DIRECTORY.mkdir(parents=True, exist_ok=True)
    (DIRECTORY / f"{name}.json").write_text(json.dumps(figures, indent=2))


def load(name: str) -> dict | None:
    try:
        return json.loads((DIRECTORY / f"{name}.json").read_text())
    except (OSError, ValueError):
        return None
