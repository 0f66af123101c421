"""Read-path load benchmark; prints its figures beside the framework's floor.

A closed loop of `--clients` clients (16; each its own identity and keep-alive connection, each sending its next
request when the last was answered) runs, interleaved over `--rounds` rounds of `--seconds` each:
- `floor`: the bare FastAPI + asyncpg app of `bench/floor_app.py` reading the same track (the framework's floor);
- `direct`: one track by id at the sporen process, `GET /api/v1/sporen/sporen/{id}`;
- `gateway`: the same through the gateway;
- `mixed`: through the gateway, in turn: the tracks list, the Totaalopgave, an indicator's measurements, the cycle;
then the floor and the gateway track read with one client (latency). Every figure is printed with its ratio to the
floor (throughput: its req/s over the floor's; one client: its p50 over the floor's). The load generator runs on
the same machine (aiohttp, one process), so it takes CPU from the servers: the same for every row.

Runs on PostgreSQL/NATS from DATABASE_URL/NATS_URL, else embedded ones; on a database and streams of its own.
    python bench/load.py [--clients 16] [--seconds 5] [--rounds 2] [--workers 1]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import httpx
import results as bench_results
from stuurcyclus_common.settings import plain_database_url
from stuurcyclus_local.embedded import free_port
from stuurcyclus_local.platform import Infrastructure, RunningPlatform, temporary_platform, token_for

TENANT = "GM0193"
#: Targets of issue 33 (ratio to the floor measured in the same run; the mixed read's p50 absolute, issue 18's); the
#: gateway read's by processes per API and gateway (`results.gateway_read_target`).
TARGETS = {"gateway1": ("p50 ≤ 1.5 × floor", 1.5), "mixed": ("p50 ≤ 20 ms", 20.0)}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def prepare(platform: RunningPlatform) -> dict[str, str]:
    """Zwolle's seed, a cycle and measurements; returns the ids the reads use."""
    for service in ("sporen", "financien", "indicatoren"):
        done = subprocess.run(
            [sys.executable, "-m", f"{service}.manage", "seed"], env=platform.env, capture_output=True
        )
        assert done.returncode == 0, done.stderr[-2000:]
    token = token_for(platform.env, gemeente=TENANT, rol="beheerder")
    with httpx.Client(base_url=f"{platform.gateway}/api/v1", headers={"Authorization": f"Bearer {token}"}) as api:
        spoor = api.get("/sporen/sporen", params={"pageSize": 1}).json()["results"][0]["id"]
        code = api.get("/indicatoren/indicatoren", params={"pageSize": 1}).json()["results"][0]["code"]
        rows = [
            {"indicator": code, "periode": str(j), "gebied": TENANT, "waarde": str(100 + j % 5)}
            for j in range(2015, 2025)
        ]
        assert api.post("/indicatoren/metingen", json=rows).status_code in (200, 201)
        deadline = time.monotonic() + 60
        while api.get("/gesprekstafels/ambities").json()["count"] < 3 and time.monotonic() < deadline:
            time.sleep(0.3)  # the cycle needs the ambitions sporen announced
        created = api.post("/gesprekstafels/cycli", json={"jaar": 2026})
        assert created.status_code in (201, 409), created.text
    return {"spoor": spoor, "indicator": code}


async def closed_loop(urls: list[str], tokens: list[str], seconds: float) -> tuple[int, list[float], int]:
    """Each client loops over `urls` (in turn) until the time is up; answered requests, latencies (s), failures."""
    latencies: list[float] = []
    failures = 0
    stop_at = time.perf_counter() + seconds

    async def client(token: str, offset: int) -> None:
        nonlocal failures
        connector = aiohttp.TCPConnector(limit=1, force_close=False)
        headers = {"Authorization": f"Bearer {token}"}
        async with aiohttp.ClientSession(connector=connector, headers=headers) as session:
            n = offset
            while (started := time.perf_counter()) < stop_at:
                async with session.get(urls[n % len(urls)]) as response:
                    await response.read()
                    if response.status != 200:
                        failures += 1
                latencies.append(time.perf_counter() - started)
                n += 1

    await asyncio.gather(*(client(t, i) for i, t in enumerate(tokens)))
    return len(latencies), latencies, failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn processes per API and for the gateway")
    parser.add_argument("--breakdown", action="store_true", help="also each route of the mixed read on its own")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="stuurcyclus-bench-") as tmp:
        infra = Infrastructure.from_env_or_embedded(Path(tmp) / "infra")
        try:
            # The edge's rate limit (100 requests/s per client) would refuse the one-client loop: lifted here.
            extra = {"WEB_CONCURRENCY": str(args.workers), "GATEWAY_RATE_LIMIT_PER_MINUTE": "10000000"}
            with temporary_platform(infra, Path(tmp) / "logs", extra_env=extra) as platform:
                ids = prepare(platform)
                results = asyncio.run(run(platform, ids, args))
        finally:
            infra.stop()
    report(results, args)


async def run(platform: RunningPlatform, ids: dict[str, str], args: argparse.Namespace) -> dict[str, dict]:
    floor_port = free_port()
    env = dict(os.environ, FLOOR_DATABASE_URL=plain_database_url(platform.database_url))
    floor = subprocess.Popen([sys.executable, str(Path(__file__).with_name("floor_app.py")), str(floor_port)], env=env)
    try:
        floor_url = f"http://127.0.0.1:{floor_port}/spoor/{ids['spoor']}"
        for _ in range(100):
            try:
                if httpx.get(floor_url).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.1)
        track = f"/api/v1/sporen/sporen/{ids['spoor']}"
        gw = platform.gateway
        scenarios = {
            "floor": [floor_url],
            "direct": [platform.service("sporen") + track],
            "gateway": [gw + track],
            "mixed": [
                f"{gw}/api/v1/sporen/sporen",
                f"{gw}/api/v1/financien/rapportages/totaalopgave",
                f"{gw}/api/v1/indicatoren/indicatoren/{ids['indicator']}/metingen",
                f"{gw}/api/v1/gesprekstafels/cycli/2026",
            ],
        }
        if args.breakdown:  # each of the mixed read's routes on its own
            for url in scenarios["mixed"]:
                scenarios["mixed:" + url.split("/api/v1/", 1)[1].split("/")[0]] = [url]
        # Each client its own identity (every token names its own subject).
        tokens = [token_for(platform.env, gemeente=TENANT, rol="beheerder") for _ in range(args.clients)]
        totals: dict[str, dict] = {name: {"n": 0, "lat": [], "fail": 0, "time": 0.0} for name in scenarios}
        await closed_loop(scenarios["gateway"] + scenarios["mixed"], tokens, 1.5)  # warm every pool
        for _ in range(args.rounds):
            for name, urls in scenarios.items():
                n, lat, fail = await closed_loop(urls, tokens, args.seconds)
                t = totals[name]
                t["n"], t["fail"], t["time"] = t["n"] + n, t["fail"] + fail, t["time"] + args.seconds
                t["lat"] += lat
        for name, urls in (("floor1", scenarios["floor"]), ("gateway1", scenarios["gateway"])):
            n, lat, fail = await closed_loop(urls, tokens[:1], args.seconds)
            totals[name] = {"n": n, "lat": lat, "fail": fail, "time": args.seconds}
        return totals
    finally:
        floor.terminate()
        floor.wait(10)


def report(results: dict[str, dict], args: argparse.Namespace) -> None:
    floor_rps = results["floor"]["n"] / results["floor"]["time"]
    floor1_p50 = statistics.median(results["floor1"]["lat"]) * 1000
    print(
        f"== read path, closed loop, {args.clients} clients, {args.rounds} × {args.seconds:.0f} s each, interleaved, "
        f"{args.workers} process(es) per API and gateway, floor 1 process"
    )
    print(
        f"{'scenario':<10} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'× floor':>8} {'fails':>6}  target"
    )
    for name, r in results.items():
        rps = r["n"] / r["time"]
        p50, p95, p99 = (percentile(r["lat"], p) * 1000 for p in (50, 95, 99))
        one = name.endswith("1")
        ratio = p50 / floor1_p50 if one else rps / floor_rps
        target, limit = (
            bench_results.gateway_read_target(args.workers) if name == "gateway" else TARGETS.get(name, ("", None))
        )
        verdict = ""
        if limit is not None:
            met = p50 <= limit if name == "mixed" else ratio <= limit if name == "gateway1" else ratio >= limit
            verdict = "OK" if met else "BELOW TARGET"
        label = f"{name[:-1]} (1 client)" if one else name
        print(
            f"{label:<10} {rps:8.0f} {p50:8.2f} {p95:8.2f} {p99:8.2f} {ratio:7.2f}{'x' if not one else 'p'} "
            f"{r['fail']:6d}  {target} {verdict}"
        )
    print("(× floor: req/s over the floor's; for one client, p50 over the floor's one-client p50)")
    figures = {}
    for name, r in results.items():
        figures[name] = {
            "rps": r["n"] / r["time"],
            "p50_ms": percentile(r["lat"], 50) * 1000,
            "p95_ms": percentile(r["lat"], 95) * 1000,
            "p99_ms": percentile(r["lat"], 99) * 1000,
        }
    name = "load" if args.workers == 1 else f"load_{args.workers}"  # each kind of start its own row of the summary
    bench_results.record(name, figures | {"clients": args.clients, "workers": args.workers})


if __name__ == "__main__":
    main()
