"""`stuurcyclus up` on a machine without PostgreSQL or NATS: embedded servers, migrations, seeds, clean stop.

Runs the real CLI in a subprocess with DATABASE_URL and NATS_URL removed, twice on the same data directory:
the second start finds the data of the first (the directory survives restarts) and seeding adds nothing.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from stuurcyclus_local.embedded import free_port, free_port_block, port_open

pytestmark = pytest.mark.slow


def _free_base_port() -> int:
    return free_port_block(6)  # below the ephemeral range: no outgoing connection can take one meanwhile


def _outside(base: int, *taken: int) -> int:
    """A free port not among the platform's six (base … base+5) nor `taken`."""
    while True:
        port = free_port()
        if not base <= port <= base + 5 and port not in taken:
            return port


def _up(data_dir: Path, base: int, pg_port: int, nats_port: int) -> tuple[subprocess.Popen, list[str]]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "NATS_URL")}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "stuurcyclus_local.cli",
            "up",
            "--data-dir",
            str(data_dir),
            "--port",
            str(base),
            "--pg-port",
            str(pg_port),
            "--nats-port",
            str(nats_port),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip())
        if "Press Ctrl-C to stop." in line:
            return proc, lines
    proc.kill()
    raise AssertionError("stuurcyclus up did not come up:\n" + "\n".join(lines))


def _stop(proc: subprocess.Popen, lines: list[str]) -> None:
    proc.send_signal(signal.SIGINT)
    rest, _ = proc.communicate(timeout=60)
    lines += rest.splitlines()
    assert proc.returncode == 0, "\n".join(lines)
    assert "stuurcyclus: stopped" in lines


def test_up_starts_everything_embedded_and_stops_cleanly(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    base = _free_base_port()
    pg_port = _outside(base)
    nats_port = _outside(base, pg_port)
    for run in (1, 2):
        proc, lines = _up(data_dir, base, pg_port, nats_port)
        try:
            output = "\n".join(lines)
            assert "PostgreSQL (embedded)" in output
            seeded = next(line for line in lines if line.strip().startswith("sporen:") and "Zwolle" in line)
            assert ("0 records added" in seeded) == (run == 2), seeded
            token = next(line.split("Bearer ", 1)[1].strip() for line in lines if "Authorization: Bearer" in line)
            headers = {"Gemeente-Code": "GM0193", "Authorization": f"Bearer {token}"}
            sporen = httpx.get(f"http://127.0.0.1:{base}/api/v1/sporen/sporen", headers=headers).json()
            assert [s["nummer"] for s in sporen["results"]] == [1, 2, 3, 4, 5, 6]
            deadline = time.monotonic() + 20
            while True:  # the seed's events reach indicatoren through the outbox, NATS and the consumer
                known = httpx.get(f"http://127.0.0.1:{base}/api/v1/indicatoren/sporen", headers=headers).json()
                versions = {s["spoorId"]: s["versie"] for s in known["results"]}
                if versions == {s["id"]: s["versie"] for s in sporen["results"]} or time.monotonic() > deadline:
                    break
                time.sleep(0.2)
            assert versions == {s["id"]: s["versie"] for s in sporen["results"]}, "indicatoren knows every version"
            assert all(s["eventsApplied"] == s["versie"] for s in known["results"]), "each event applied once"
            ready = httpx.get(f"http://127.0.0.1:{base}/health/ready").json()
            assert ready["status"] == "ok", ready
            if run == 1:
                _a_killed_worker_is_restarted_and_nothing_is_lost(data_dir, base, headers, sporen["results"][0])
                _a_killed_nats_is_restarted_and_shown_down_meanwhile(data_dir, base, headers)
        finally:
            _stop(proc, lines)
        ports = (base, base + 1, base + 4, base + 5, pg_port, nats_port)
        deadline = time.monotonic() + 10  # a server's socket may take a moment to close after its process ended
        while any(port_open(p) for p in ports) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [p for p in ports if port_open(p)], "a process was left"
    assert (data_dir / "postgres" / "PG_VERSION").exists() and (data_dir / "nats" / "jetstream").exists()


def _servers(data_dir: Path) -> dict[str, dict]:
    state = json.loads((data_dir / "platform.json").read_text())
    return {s["naam"]: s for s in state["servers"]}


def _a_killed_nats_is_restarted_and_shown_down_meanwhile(data_dir: Path, base: int, headers: dict) -> None:
    """The embedded NATS killed under `stuurcyclus up`: `status` shows it down, the launcher brings it back, and events
    flow again (a track's change reaches indicatoren)."""
    before = _servers(data_dir)
    assert before["nats"]["status"] == "draait" and before["postgres"]["status"] == "draait"
    os.kill(before["nats"]["pid"], signal.SIGKILL)
    seen, deadline = set(), time.monotonic() + 30
    while time.monotonic() < deadline:
        now = _servers(data_dir)["nats"]
        seen.add(now["status"])
        if now["herstarts"] == 1 and now["status"] == "draait":
            break
        time.sleep(0.2)
    assert "herstart-wacht" in seen and now["status"] == "draait" and now["pid"] != before["nats"]["pid"], (seen, now)
    shown = subprocess.run(
        [sys.executable, "-m", "stuurcyclus_local.cli", "status", "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=30,
    ).stdout
    assert any(line.split()[:1] == ["nats"] and "draait" in line for line in shown.splitlines()), shown
    spoor = httpx.get(f"http://127.0.0.1:{base}/api/v1/sporen/sporen", headers=headers).json()["results"][1]
    renamed = httpx.patch(
        f"http://127.0.0.1:{base}/api/v1/sporen/sporen/{spoor['id']}",
        json={"naam": spoor["naam"] + " (na NATS)", "versie": spoor["versie"]},
        headers=headers,
    )
    assert renamed.status_code == 200, renamed.text
    while time.monotonic() < deadline + 30:
        known = httpx.get(f"http://127.0.0.1:{base}/api/v1/indicatoren/sporen", headers=headers).json()["results"]
        if any(s["spoorId"] == spoor["id"] and s["versie"] == spoor["versie"] + 1 for s in known):
            return
        time.sleep(0.3)
    raise AssertionError("after NATS came back, events did not flow again")


def test_a_stale_embedded_nats_of_an_earlier_run_is_stopped_at_start(tmp_path: Path) -> None:
    """A nats-server an earlier run left on our data directory's port no longer stops the next start."""
    from stuurcyclus_local.embedded import EmbeddedNats, free_port

    port = free_port()
    left = EmbeddedNats(tmp_path / "nats", port)
    left.start()  # and never stopped by its launcher
    again = EmbeddedNats(tmp_path / "nats", port)
    try:
        again.start()
        assert again.alive() and left.proc is not None and left.proc.wait(10) is not None, "the stale one went"
    finally:
        again.stop()
        left.stop()


def _status(data_dir: Path) -> dict[str, dict]:
    result = subprocess.run(
        [sys.executable, "-m", "stuurcyclus_local.cli", "status", "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    state = json.loads((data_dir / "platform.json").read_text())
    return {p["naam"]: p for p in state["processes"]}


def _a_killed_worker_is_restarted_and_nothing_is_lost(data_dir: Path, base: int, headers: dict, spoor: dict) -> None:
    """Under `stuurcyclus up`, a worker killed with SIGKILL is restarted (the rest keeps running), and an event
    committed while it was down arrives."""
    before = _status(data_dir)
    os.kill(before["sporen-worker"]["pid"], signal.SIGKILL)
    renamed = httpx.patch(
        f"http://127.0.0.1:{base}/api/v1/sporen/sporen/{spoor['id']}",
        json={"naam": spoor["naam"] + " (herstart)", "versie": spoor["versie"]},
        headers=headers,
    )
    assert renamed.status_code == 200, renamed.text  # committed while the worker (its outbox relay) is down
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        now = _status(data_dir)["sporen-worker"]
        if now["herstarts"] == 1 and now["status"] == "draait":
            break
        time.sleep(0.3)
    assert (now["herstarts"], now["laatsteExitcode"]) == (1, -signal.SIGKILL) and now["pid"] != before["sporen-worker"][
        "pid"
    ]
    others = {name: p["pid"] for name, p in _status(data_dir).items() if name != "sporen-worker"}
    assert others == {name: p["pid"] for name, p in before.items() if name != "sporen-worker"}, "nothing else stopped"
    while time.monotonic() < deadline:
        known = httpx.get(f"http://127.0.0.1:{base}/api/v1/indicatoren/sporen", headers=headers).json()["results"]
        if any(s["spoorId"] == spoor["id"] and s["versie"] == spoor["versie"] + 1 for s in known):
            return
        time.sleep(0.3)
    raise AssertionError("the event committed while the worker was down did not arrive")
