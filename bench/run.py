"""Platform benchmarks; prints its figures.

1. Gateway overhead: the same simple read (one track by id) called directly on the sporen service and through
   the gateway, interleaved in one run over keep-alive connections; ratio of the latencies (target ≤ 1.3).
2. Event latency: from the moment the sporen service records an event (just before its transaction commits) to
   the moment the indicatoren consumer starts applying it (its inbox row's transaction time); p50/p99
   (target p99 ≤ 100 ms). Both clocks are this machine's.

Runs on PostgreSQL/NATS from DATABASE_URL/NATS_URL, else embedded ones; on a database and streams of its own.
    python bench/run.py [--requests 3000] [--events 500]
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import statistics
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path

import asyncpg
import nats
import results
from stuurcyclus_common.gemeenten import gemeenten
from stuurcyclus_common.settings import plain_database_url
from stuurcyclus_local.platform import Infrastructure, RunningPlatform, temporary_platform, token_for

TENANT = "GM0193"
#: Real municipalities (a token names a current CBS code) other than Zwolle, for events that need fresh track numbers.
OTHER_MUNICIPALITIES = sorted(set(gemeenten()) - {TENANT})


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _headers(platform: RunningPlatform, tenant: str = TENANT) -> dict[str, str]:
    """An administrator's token of `tenant` (every request carries one; verifying it is part of what is measured)."""
    token = token_for(platform.env, gemeente=tenant, rol="beheerder", ttl=3 * 3600)
    return {"Gemeente-Code": tenant, "Authorization": f"Bearer {token}"}


def _get(conn: http.client.HTTPConnection, path: str, headers: dict[str, str]) -> float:
    started = time.perf_counter()
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    assert response.status == 200, response.status
    return elapsed


def bench_gateway(platform: RunningPlatform, requests: int) -> dict:
    direct = http.client.HTTPConnection("127.0.0.1", platform.ports.services["sporen"])
    via = http.client.HTTPConnection("127.0.0.1", platform.ports.gateway)
    direct.request(
        "POST",
        "/api/v1/sporen/sporen",
        body=json.dumps({"nummer": 1, "naam": "Sterke sociale basis"}),
        headers=_headers(platform) | {"Content-Type": "application/json"},
    )
    spoor_id = json.loads(direct.getresponse().read())["id"]
    path = f"/api/v1/sporen/sporen/{spoor_id}"
    headers = _headers(platform)
    for _ in range(200):  # warm up both paths (connections, pools, caches)
        _get(direct, path, headers)
        _get(via, path, headers)
    direct_times, gateway_times = [], []
    for i in range(requests):  # interleaved, alternating which goes first, so drift hits both alike
        first, second = (direct, via) if i % 2 == 0 else (via, direct)
        a, b = _get(first, path, headers), _get(second, path, headers)
        direct_times.append(a if first is direct else b)
        gateway_times.append(b if first is direct else a)
    return {
        "requests": requests,
        "direct_p50_ms": statistics.median(direct_times) * 1000,
        "gateway_p50_ms": statistics.median(gateway_times) * 1000,
        "direct_mean_ms": statistics.fmean(direct_times) * 1000,
        "gateway_mean_ms": statistics.fmean(gateway_times) * 1000,
        "ratio_p50": statistics.median(gateway_times) / statistics.median(direct_times),
        "ratio_mean": statistics.fmean(gateway_times) / statistics.fmean(direct_times),
    }


async def bench_events(platform: RunningPlatform, events: int, interval: float) -> dict:
    """Create tracks one by one (through the service's API) and time each event to the consumer.

    Two clocks bound the commit: the event's `time` (taken while the request's transaction is still open: the upper
    bound, it includes the rest of the request and its commit) and the moment the answer arrived (after the commit:
    the lower bound, about the commit itself). The end is the indicatoren consumer's inbox row (its transaction)."""
    recorded: dict[uuid.UUID, float] = {}
    subject_of: dict[uuid.UUID, str] = {}
    nc = await nats.connect(platform.infra.nats_url)

    async def on_event(msg) -> None:  # noqa: ANN001
        envelope = json.loads(msg.data)
        recorded[uuid.UUID(envelope["id"])] = _epoch(envelope["time"])
        subject_of[uuid.UUID(envelope["id"])] = envelope["subject"]

    await nc.subscribe(f"{platform.prefix}.sporen.*.spoor.>", cb=on_event)  # subjects that carry the municipality
    conn = http.client.HTTPConnection("127.0.0.1", platform.ports.services["sporen"])
    tokens: dict[int, dict[str, str]] = {}
    answered: dict[str, float] = {}
    for n in range(events):
        conn.request(
            "POST",
            "/api/v1/sporen/sporen",
            body=json.dumps({"nummer": n % 99 + 1, "naam": f"spoor {n}"}),
            # Track numbers are unique per municipality (1-99): a new municipality every 99 events.
            headers=tokens.setdefault(n // 99, _headers(platform, OTHER_MUNICIPALITIES[n // 99]))
            | {"Content-Type": "application/json"},
        )
        response = conn.getresponse()
        created = json.loads(response.read())
        answered[created["id"]] = time.time()
        assert response.status == 201, response.status
        await asyncio.sleep(interval)

    db = await asyncpg.connect(plain_database_url(platform.database_url))
    try:
        deadline = time.monotonic() + 30
        while True:
            rows = await db.fetch(
                "SELECT event_id, extract(epoch FROM processed_at) AS applied FROM indicatoren.inbox "
                "WHERE consumer = 'indicatoren-sporen'"
            )
            if len(rows) >= events or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.2)
    finally:
        await db.close()
        await nc.close()
    from_record = [(float(r["applied"]) - recorded[r["event_id"]]) * 1000 for r in rows if r["event_id"] in recorded]
    from_commit = [
        (float(r["applied"]) - answered[subject_of[r["event_id"]]]) * 1000
        for r in rows
        if subject_of.get(r["event_id"]) in answered
    ]
    return {
        "events": events,
        "measured": len(from_record),
        "p50_ms": percentile(from_record, 50),
        "p99_ms": percentile(from_record, 99),
        "max_ms": max(from_record),
        "commit_p50_ms": percentile(from_commit, 50),
        "commit_p99_ms": percentile(from_commit, 99),
    }


async def latency_floor(platform: RunningPlatform, rounds: int = 200) -> dict:
    """What the path from a commit to another process costs at the least, on this machine: a PostgreSQL commit of one
    row, a JetStream publish with its acknowledgement, a NATS round trip (medians, ms); their sum is the floor."""
    db = await asyncpg.connect(plain_database_url(platform.database_url))
    nc = await nats.connect(platform.infra.nats_url)
    try:
        await db.execute("CREATE TEMP TABLE latency_floor (id int)")
        js = nc.jetstream()
        stream = f"{platform.prefix}_FLOOR".upper()
        await js.add_stream(name=stream, subjects=[f"{platform.prefix}.floor"])

        async def echo(msg) -> None:  # noqa: ANN001
            await nc.publish(msg.reply, msg.data)

        await nc.subscribe(f"{platform.prefix}.echo", cb=echo)
        commit, publish, roundtrip = [], [], []
        for n in range(rounds):
            started = time.perf_counter()
            async with db.transaction():
                await db.execute("INSERT INTO latency_floor VALUES ($1)", n)
            commit.append(time.perf_counter() - started)
            started = time.perf_counter()
            await js.publish(f"{platform.prefix}.floor", b"x")
            publish.append(time.perf_counter() - started)
            started = time.perf_counter()
            await nc.request(f"{platform.prefix}.echo", b"x", timeout=2)
            roundtrip.append(time.perf_counter() - started)
        await js.delete_stream(stream)
    finally:
        await db.close()
        await nc.close()
    figures = {
        k: statistics.median(v) * 1000 for k, v in (("commit", commit), ("publish", publish), ("nats", roundtrip))
    }
    return figures | {"floor": sum(figures.values())}


def _epoch(iso: str) -> float:
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=3000, help="request pairs for the gateway overhead")
    parser.add_argument("--events", type=int, default=500, help="events for the latency measurement")
    parser.add_argument("--interval", type=float, default=0.01, help="seconds between events")
    parser.add_argument("--log-level", default="INFO", help="of every process (INFO: an access line per request)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="stuurcyclus-bench-") as tmp:
        infra = Infrastructure.from_env_or_embedded(Path(tmp) / "infra")
        try:
            with temporary_platform(
                infra,
                Path(tmp) / "logs",
                extra_env={
                    "LOG_LEVEL": args.log_level,
                    # The limiter runs (its cost is measured) but never refuses: this is one client on purpose.
                    "GATEWAY_RATE_LIMIT_PER_MINUTE": "100000000",
                    "GATEWAY_RATE_LIMIT_BURST": "100000",
                },
            ) as platform:
                gateway = bench_gateway(platform, args.requests)
                latency = asyncio.run(bench_events(platform, args.events, args.interval))
                floor = asyncio.run(latency_floor(platform))
        finally:
            infra.stop()

    print(f"== gateway overhead (GET one track; direct vs via the gateway, interleaved; logs {args.log_level})")
    print(
        f"requests: {gateway['requests']} each   "
        f"direct p50 {gateway['direct_p50_ms']:.2f} ms, mean {gateway['direct_mean_ms']:.2f} ms   "
        f"gateway p50 {gateway['gateway_p50_ms']:.2f} ms, mean {gateway['gateway_mean_ms']:.2f} ms"
    )
    print(
        f"overhead ratio: p50 {gateway['ratio_p50']:.2f}, mean {gateway['ratio_mean']:.2f}   (target ≤ 1.3)"
        f"   {'OK' if gateway['ratio_p50'] <= 1.3 else 'ABOVE TARGET'}"
    )
    print("== event latency (sporen commit → indicatoren consumer)")
    commit_ok = latency["commit_p50_ms"] <= 5 and latency["commit_p99_ms"] <= 20
    print(
        f"events: {latency['events']} (measured {latency['measured']})\n"
        f"  from the event's time (inside the transaction): p50 {latency['p50_ms']:.1f} ms   "
        f"p99 {latency['p99_ms']:.1f} ms   max {latency['max_ms']:.1f} ms\n"
        f"  from the answer (after the commit):              p50 {latency['commit_p50_ms']:.1f} ms   "
        f"p99 {latency['commit_p99_ms']:.1f} ms   (target p50 ≤ 5, p99 ≤ 20 ms; floor ≈ 0.4 ms)"
        f"   {'OK' if commit_ok else 'ABOVE TARGET'}"
    )
    print(
        f"  floor on this machine: PostgreSQL commit {floor['commit']:.2f} ms + JetStream publish-ack "
        f"{floor['publish']:.2f} ms + NATS round trip {floor['nats']:.2f} ms = {floor['floor']:.2f} ms;   "
        f"p50 = {latency['commit_p50_ms'] / floor['floor']:.1f} × floor"
    )
    results.record(
        "events",
        {
            "p50_ms": latency["commit_p50_ms"],
            "p99_ms": latency["commit_p99_ms"],
            "from_event_time_p50_ms": latency["p50_ms"],
            "floor_ms": floor["floor"],
            "gateway_ratio": gateway["ratio_p50"],
        },
    )


if __name__ == "__main__":
    main()
