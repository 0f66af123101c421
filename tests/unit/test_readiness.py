"""Readiness that says which part is missing: NATS away leaves the platform ready but degraded (writes wait in the
outbox); a service without its database, or unreachable, makes it not ready."""

from __future__ import annotations

import asyncio
import socket

from gateway.main import readiness
from stuurcyclus_common.http import nats_state


def test_nats_away_is_degraded_not_down() -> None:
    assert readiness({"sporen": "ok", "financien": "ok"}) == ("ok", 200)
    assert readiness({"sporen": "degraded (nats onbereikbaar)", "financien": "ok"}) == ("degraded", 200)
    assert readiness({"sporen": "status 503", "financien": "ok"}) == ("degraded", 503)
    assert readiness({"sporen": "unavailable (ClientConnectorError)"}) == ("degraded", 503)


def test_nats_state_is_a_connect_to_any_server_of_the_url() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    dead_port = closed.getsockname()[1]
    closed.close()
    live_port = listener.getsockname()[1]
    try:
        assert asyncio.run(nats_state(f"nats://127.0.0.1:{live_port}")) == "ok"
        assert asyncio.run(nats_state(f"nats://127.0.0.1:{dead_port}")) == "onbereikbaar"
        cluster = f"nats://127.0.0.1:{dead_port}, nats://127.0.0.1:{live_port}"
        assert asyncio.run(nats_state(cluster)) == "ok", "one server of the cluster is enough"
    finally:
        listener.close()
