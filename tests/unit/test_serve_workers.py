"""`stuurcyclus_common.serve` with `WEB_CONCURRENCY` > 1: every worker process takes its share of new connections —
each listens on a TCP socket of its own on the shared port (`SO_REUSEPORT`) — and all of them serve the Unix socket
too. On one shared listener the process that woke first took every connection waiting: 16 clients connecting at
once all went to one of two processes, and the second one did nothing."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

from stuurcyclus_local.embedded import free_port

REPO = Path(__file__).resolve().parents[2]


async def app(scope: dict, receive, send) -> None:  # noqa: ANN001  (a bare ASGI app answering its process id)
    if scope["type"] != "http":
        return
    body = str(os.getpid()).encode()
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"%d" % len(body))]})
    await send({"type": "http.response.body", "body": body})


async def _ask(port: int | None, path: str | None) -> int:
    """A connection of its own, one request on it: the process id that answered."""
    if path is not None:
        reader, writer = await asyncio.open_unix_connection(path)
    else:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(b"GET / HTTP/1.1\r\nhost: test\r\n\r\n")
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(
            int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")
        )
        return int(await reader.readexactly(length))
    finally:
        writer.close()


async def test_each_worker_takes_a_share_of_connections_made_at_once(tmp_path: Path) -> None:
    port, uds = free_port(), str(tmp_path / "api.sock")
    env = dict(os.environ, WEB_CONCURRENCY="2", PYTHONPATH=str(REPO))
    command = [
        sys.executable,
        "-m",
        "stuurcyclus_common.serve",
        "tests.unit.test_serve_workers:app",
        "--port",
        str(port),
    ]
    server = subprocess.Popen([*command, "--uds", uds], env=env, cwd=REPO)
    try:
        workers: set[int] = set()
        deadline = time.monotonic() + 60
        while len(workers) < 2:  # both workers up: each has answered a connection
            assert time.monotonic() < deadline, f"two workers did not start (answered: {workers})"
            try:
                workers.add(await _ask(port, None))
            except OSError:
                await asyncio.sleep(0.2)
        for _ in range(10):  # 16 clients connecting at once, ten times: each time both workers take some
            answered = await asyncio.gather(*(_ask(port, None) for _ in range(16)))
            assert set(answered) == workers, f"16 connections made at once all went to one worker: {answered}"
        assert set(await asyncio.gather(*(_ask(None, uds) for _ in range(16)))) <= workers, "the Unix socket too"
    finally:
        server.terminate()
        server.wait(20)
    assert not os.path.exists(uds), "the Unix socket removed at the end"
