"""A worker's health, from the heartbeat file it writes every few seconds (`HEARTBEAT_FILE`; see `events/worker.py`).

A worker has no HTTP port, so a container platform asks this instead:

    python -m stuurcyclus_common.heartbeat /tmp/heartbeat --max-age 30          liveness: the worker's loop runs
    python -m stuurcyclus_common.heartbeat /tmp/heartbeat --max-age 30 --ready  readiness: and it is not waiting

Exit 0 when healthy, 1 with one line saying why not: no file yet, a file older than `--max-age` seconds (the loop is
stuck or the process gone), or — with `--ready` — the worker `waiting` for its database or NATS (it is alive and will
go on by itself; it should not count as serving meanwhile).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def check(path: Path, max_age: float, ready: bool, now: float | None = None) -> str | None:
    """Why the worker is not healthy, or None when it is."""
    try:
        age = (time.time() if now is None else now) - path.stat().st_mtime
        content = path.read_text()
    except OSError:
        return f"no heartbeat at {path} (not started yet, or not writing)"
    if age > max_age:
        return f"the heartbeat is {age:.0f} s old (more than {max_age:.0f} s): the worker's loop is not running"
    if ready:
        try:
            state = json.loads(content)
        except ValueError:
            return "the heartbeat cannot be read"
        if state.get("status") != "ok":
            return f"the worker is {state.get('status')}: {state.get('reason') or 'no reason given'}"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m stuurcyclus_common.heartbeat", description=__doc__)
    parser.add_argument("file", type=Path)
    parser.add_argument("--max-age", type=float, default=30.0, help="seconds a heartbeat stays fresh")
    parser.add_argument("--ready", action="store_true", help="also require status ok (not waiting)")
    args = parser.parse_args(argv)
    problem = check(args.file, args.max_age, args.ready)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
