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


def gateway_read_target(workers: int) -> tuple[str, float]:
    """Issue 33's target for the one-track read through the gateway, as a ratio to the floor of the same run: 0.5 ×
    with one process per API and gateway, 0.6 × with two or more (said by `bench/load.py` and `bench/summary.py`)."""
    limit = 0.6 if workers >= 2 else 0.5
    return f"≥ {limit} × floor", limit


def judged_event_bound(figures: dict) -> str:
    """Which of an event-latency measurement's rows issue 33's target (commit → read model) is judged on: commit to
    commit where PostgreSQL records commit times (exact), else the upper bound from the event's time (said by
    `bench/tenants.py` and `bench/summary.py`)."""
    return "commit" if "commit" in figures else "from_event"
