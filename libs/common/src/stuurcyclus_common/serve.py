"""How every API process and the gateway are served — on the local platform and in the containers (compose,
Kubernetes): uvicorn on a TCP port and, for an API on the local platform, a Unix domain socket beside it; answers
written once each (`CoalescedWrites`) and sent as soon as they are whole; the start-up heap left out of the garbage
collector's full collections; with `WEB_CONCURRENCY` > 1 each worker on a listener of its own (`Worker`).

    python -m stuurcyclus_common.serve sporen.main:app --port 8001 [--uds /tmp/stuurcyclus-…/sporen-1.sock]
    python -m stuurcyclus_common.serve gateway.main:app --host 0.0.0.0 --port 8000      (a container)

Why the Unix socket: locally the gateway and the services run on one host, and a request that crosses a Unix socket
costs the two processes less than one over loopback TCP (no TCP/IP stack, no checksums, no Nagle/ACK bookkeeping),
on the gateway's hottest path. uvicorn serves one kind of listener from its command line; its `Server` serves any
list of sockets, so this binds both and hands them over. The workers of a server share the Unix socket, and each
listens on a TCP socket of its own on the port. TCP stays for everything else: callers of the service itself,
tests, Kubernetes and compose. As uvicorn's command line in the containers did: no access log of uvicorn's own (the
app writes one line per request), `X-Forwarded-*` trusted from `FORWARDED_ALLOW_IPS` (default 127.0.0.1).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import socket
from typing import Any

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.supervisors import Multiprocess, multiprocess

from .heap import freeze_start_up_heap


class CoalescedWrites:
    """A connection's transport whose writes within one turn of the event loop leave as one.

    uvicorn writes an answer's head and its body with two writes — two system calls, two segments the other side
    reads and parses apart — where one would do; on a small JSON answer that was a tenth of the server's CPU. The
    writes of one turn are joined and sent when the turn ends (a streamed answer's chunks as they come, one turn
    later), or as soon as the answer is complete (`flush`); closing sends what waits first."""

    __slots__ = ("_transport", "_pending", "_loop")

    def __init__(self, transport: asyncio.Transport) -> None:
        self._transport = transport
        self._pending: list[bytes] = []
        self._loop = asyncio.get_running_loop()

    def write(self, data: bytes) -> None:
        if not self._pending:
            self._loop.call_soon(self.flush)
        self._pending.append(data)

    def flush(self) -> None:
        """Send what waits now (at the end of the turn, or as soon as the answer is complete)."""
        pending, self._pending = self._pending, []
        if pending and not self._transport.is_closing():
            self._transport.write(b"".join(pending))

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class HttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, writing through `CoalescedWrites`."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if self.client is None and _unix(transport):
            # A peer on this host's Unix socket (only this user may connect) is local as a loopback peer is: the
            # gateway's `X-Forwarded-*` are trusted from it as over 127.0.0.1 (uvicorn's forwarded_allow_ips).
            self.client = ("127.0.0.1", 0)
        self.transport = CoalescedWrites(transport)  # type: ignore[assignment]

    def on_response_complete(self) -> None:
        """The answer is whole: it leaves now, not after what the app still does once it was sent (the middlewares'
        access line, metrics, clearing the context: a tenth of a millisecond on every request's way back)."""
        self.transport.flush()  # type: ignore[attr-defined]
        super().on_response_complete()


class Server(uvicorn.Server):
    """uvicorn's server, leaving the process's start-up heap out of the full garbage collections once the app has
    started (`heap.freeze_start_up_heap`: a full collection walked ~130,000 objects, tens of milliseconds in which
    no request was answered)."""

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        freeze_start_up_heap()


class Worker(multiprocess.Process):
    """One of the `WEB_CONCURRENCY` processes of a server: our `Server`, listening on a TCP socket of its own on the
    shared port (`SO_REUSEPORT`: the kernel spreads new connections over the processes' sockets) beside the Unix
    socket they share. On one shared TCP listener the process that woke first accepted every connection waiting
    (uvloop accepts until none is left): 16 clients connecting at once all went to one of two gateway processes.
    Over the Unix socket the gateway's keep-alive connections open one at a time as load grows, and the processes
    share them by who is free to accept."""

    @property
    def server(self) -> uvicorn.Server:
        if self._server is None:
            self._server = Server(config=self.config)
        return self._server

    def target(self, sockets: list[socket.socket] | None = None) -> None:  # pragma: no cover  (in the worker)
        super().target([reuse_port_socket(self.config.host, self.config.port, listen=True), *(sockets or [])])


def reuse_port_socket(host: str, port: int, *, listen: bool = False) -> socket.socket:
    """A TCP socket bound to `host:port` with `SO_REUSEPORT`: several such sockets of this user share the port, and
    the kernel hands each new connection to one of those listening. Unlistened, it only holds the port (another
    server's bind fails, a start on a taken port fails at once, as with one process)."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    if listen:
        sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _unix(transport: asyncio.Transport) -> bool:
    sock = transport.get_extra_info("socket")
    return sock is not None and sock.family == socket.AF_UNIX


def unix_socket(path: str) -> socket.socket:
    """A listening-ready Unix socket at `path` (a stale one from a process that died is replaced); only this user
    may connect."""
    with contextlib.suppress(FileNotFoundError):
        os.remove(path)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(path)
    os.chmod(path, 0o600)
    sock.set_inheritable(True)
    return sock


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("app", help="the ASGI app, as uvicorn takes it (`sporen.main:app`)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--uds", help="a Unix domain socket to serve as well")
    parser.add_argument("--log-level", default="warning")
    args = parser.parse_args(argv)
    workers = int(os.environ.get("WEB_CONCURRENCY", "1") or 1)
    config = uvicorn.Config(
        args.app,
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        access_log=False,
        workers=workers,
        http=HttpProtocol,
    )
    server = Server(config)
    shared = [unix_socket(args.uds)] if args.uds else []
    try:
        if config.workers > 1:
            held = reuse_port_socket(args.host, args.port)  # the port, held; each worker listens on its own (`Worker`)
            multiprocess.Process = Worker  # type: ignore[misc]  # uvicorn's supervisor makes its workers by this name
            Multiprocess(config, sockets=shared).run()
            held.close()
        else:
            server.run(sockets=[config.bind_socket(), *shared])  # imports the app (uvicorn's exit code 3 if it cannot)
    except KeyboardInterrupt:
        pass
    finally:
        if args.uds:
            with contextlib.suppress(FileNotFoundError):
                os.remove(args.uds)
    if not server.started and config.workers == 1:
        raise SystemExit(3)  # uvicorn's STARTUP_FAILURE: the launcher restarts it


if __name__ == "__main__":
    main()
