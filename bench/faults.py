"""Faults under a write stream: every answer recorded, then every row and read-model version counted.

For each fault — PostgreSQL killed (as a crash), NATS killed, the consuming worker killed, the API process killed —
a fresh platform (sporen's API and worker, indicatoren's worker, the gateway) on a PostgreSQL and a NATS of this
benchmark's own streams `--writes` new tracks through the gateway from four clients; a little after the start the
fault strikes and lasts `--outage` seconds, then the server or process is started again. Printed per fault:

- sent, acknowledged (2xx), refused (503 problem+json), other answers (must be 0);
- landed: tracks in sporen's database (≥ acknowledged: a commit cut by the crash may have landed, said as such);
- applied downstream: tracks in indicatoren's read model, and duplicates (an event applied more than once);
- recovery: seconds from the restart to the next acknowledged write, and from the last write until downstream had
  every landed track.

    python bench/faults.py [--writes 500] [--outage 5]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import tempfile
import time
import uuid
from pathlib import Path

import asyncpg
import httpx
from stuurcyclus_common.gemeenten import gemeenten
from stuurcyclus_common.settings import plain_database_url
from stuurcyclus_local.embedded import EmbeddedNats, EmbeddedPostgres, free_port
from stuurcyclus_local.platform import (
    Ports,
    ProcessGroup,
    create_database,
    database_url,
    platform_env,
    run_manage,
    token_for,
)

FAULTS = ("postgres", "nats", "worker", "api")
MUNICIPALITIES = sorted(gemeenten())


async def _stream(gateway: int, env: dict, writes: int, answers: list, fault_at: int, strike, pace: float) -> None:  # noqa: ANN001
    """Create `writes` tracks (99 per municipality), four clients at a time, one every `pace` seconds per client
    (so that the stream outlasts the outage); `strike()` once `fault_at` were sent."""
    tokens: dict[str, str] = {}
    queue: asyncio.Queue[int] = asyncio.Queue()
    for n in range(writes):
        queue.put_nowait(n)
    struck = asyncio.Event()

    async def client() -> None:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{gateway}/api/v1/sporen", timeout=15) as http:
            while not queue.empty():
                n = queue.get_nowait()
                if n == fault_at and not struck.is_set():
                    struck.set()
                    asyncio.get_running_loop().create_task(strike())
                tenant = MUNICIPALITIES[n // 99]
                token = tokens.setdefault(tenant, token_for(env, gemeente=tenant, rol="beheerder", ttl=3600))
                try:
                    response = await http.post(
                        "/sporen",
                        json={"nummer": n % 99 + 1, "naam": f"spoor {n}"},
                        headers={"Authorization": f"Bearer {token}"},
                    )
                    status, code = (
                        response.status_code,
                        response.json().get("code") if response.status_code >= 400 else None,
                    )
                except httpx.HTTPError as exc:
                    status, code = 0, type(exc).__name__
                answers.append((time.monotonic(), tenant, n % 99 + 1, status, code))
                await asyncio.sleep(pace)

    await asyncio.gather(*(client() for _ in range(4)))


async def _counts(url: str) -> tuple[int, int, int]:
    conn = await asyncpg.connect(plain_database_url(url))
    try:
        landed = await conn.fetchval("SELECT count(*) FROM sporen.spoor")
        applied = await conn.fetchval("SELECT count(*) FROM indicatoren.spoor_referentie")
        duplicates = await conn.fetchval("SELECT count(*) FROM indicatoren.spoor_referentie WHERE events_applied > 1")
        return int(landed), int(applied), int(duplicates)
    finally:
        await conn.close()


async def run_fault(fault: str, root: Path, postgres: EmbeddedPostgres, nats_server: EmbeddedNats, args) -> dict:  # noqa: ANN001
    name = f"faults_{fault}_{uuid.uuid4().hex[:6]}"
    await create_database(postgres.url, name)
    url = database_url(postgres.url, name)
    await asyncio.to_thread(run_manage, "migrate", {**os.environ, "DATABASE_URL": url}, ("sporen", "indicatoren"))
    ports = Ports.free()
    env = platform_env(
        database_url_=url,
        nats_url=nats_server.url,
        ports=ports,
        event_prefix=name.replace("_", ""),
        auth_secret=uuid.uuid4().hex * 2,
    )
    env |= {"GATEWAY_RATE_LIMIT_PER_MINUTE": "0", "OUTBOX_POLL_INTERVAL": "1", "EVENT_ACK_WAIT": "5"}
    group = ProcessGroup(env, ports, log_dir=root / f"logs-{fault}")
    restarted = {"at": 0.0}

    async def strike() -> None:
        if fault == "postgres":
            await asyncio.to_thread(postgres.stop, "immediate")
        elif fault == "nats":
            nats_server.proc.send_signal(signal.SIGKILL)
            nats_server.proc.wait()
        else:
            group.kill("indicatoren-worker" if fault == "worker" else "sporen-api")
        await asyncio.sleep(args.outage)
        if fault == "postgres":
            await asyncio.to_thread(postgres.start)
        elif fault == "nats":
            await asyncio.to_thread(nats_server.start)
        elif fault == "worker":
            group.start_worker("indicatoren")
        else:
            group.start_api("sporen")
        restarted["at"] = time.monotonic()

    answers: list[tuple] = []
    try:
        group.start_worker("sporen")
        group.start_worker("indicatoren")
        group.start_api("sporen")
        group.start_gateway()
        group.wait_ready(60)
        pace = 4 * (3 * args.outage) / args.writes  # the stream lasts about three outages
        await _stream(ports.gateway, env, args.writes, answers, args.writes // 5, strike, pace)
        while not restarted["at"]:
            await asyncio.sleep(0.1)
        landed, _, _ = await _counts(url)
        deadline = time.monotonic() + 120
        while True:
            landed, applied, duplicates = await _counts(url)
            if applied >= landed or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.2)
        caught_up = time.monotonic() - max(a[0] for a in answers)
    finally:
        group.stop()
    acked = [a for a in answers if 200 <= a[3] < 300]
    first_after = min((a[0] for a in acked if a[0] >= restarted["at"]), default=None)
    return {
        "fault": fault,
        "sent": len(answers),
        "acknowledged": len(acked),
        "refused_503": sum(1 for a in answers if a[3] == 503),
        "uncertain": sum(1 for a in answers if a[4] == "opslaan_onzeker"),
        "other": sorted({(a[3], a[4]) for a in answers if not (200 <= a[3] < 300 or a[3] == 503)}),
        "landed": landed,
        "applied": applied,
        "duplicates": duplicates,
        "write_recovery_s": None if first_after is None else first_after - restarted["at"],
        "downstream_recovery_s": caught_up,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--writes", type=int, default=500)
    parser.add_argument("--outage", type=float, default=5.0, help="seconds the server or process stays away")
    parser.add_argument("--faults", default=",".join(FAULTS))
    parser.add_argument("--keep", type=Path, help="keep the servers' and processes' logs in this directory")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="stuurcyclus-faults-") as tmp:
        root = args.keep or Path(tmp)
        postgres = EmbeddedPostgres(root / "pg", free_port())
        nats_server = EmbeddedNats(root / "nats", free_port())
        postgres.start()
        nats_server.start()
        try:
            for fault in args.faults.split(","):
                results.append(asyncio.run(run_fault(fault, root, postgres, nats_server, args)))
        finally:
            nats_server.stop()
            postgres.stop()
    print(f"== faults under a write stream ({args.writes} writes, 4 clients, outage {args.outage:.0f} s)")
    print(
        f"{'fault':<10}{'sent':>6}{'acked':>7}{'503':>6}{'uncert.':>8}{'landed':>8}{'applied':>9}{'dupl.':>7}"
        f"{'writes back':>13}{'lag at end':>11}  other answers"
    )
    for r in results:
        back = f"{r['write_recovery_s']:.1f} s" if r["write_recovery_s"] is not None else "–"
        print(
            f"{r['fault']:<10}{r['sent']:>6}{r['acknowledged']:>7}{r['refused_503']:>6}{r['uncertain']:>8}"
            f"{r['landed']:>8}{r['applied']:>9}{r['duplicates']:>7}{back:>13}{r['downstream_recovery_s']:>9.1f} s"
            f"  {r['other'] or 'none'}"
        )
        ok = r["landed"] >= r["acknowledged"] and r["applied"] == r["landed"] and not r["duplicates"] and not r["other"]
        print(f"{'':<10}{'OK: nothing lost, nothing twice, only 2xx or 503' if ok else 'NOT OK'}")


if __name__ == "__main__":
    main()
